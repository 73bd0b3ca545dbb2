package dev.robotaug.preview;

import java.io.Serializable;

/**
 * One thumbnail of a contact sheet: a frame of a source episode (column -1) or of one of its copies
 * (column = the copy's position among the episode's copies), PNG-encoded at cell size.
 */
public record PreviewCell(
    String camera, long sourceEpisode, long frameIndex, int column, byte[] png)
    implements Serializable {

  public static final int SOURCE_COLUMN = -1;
}
