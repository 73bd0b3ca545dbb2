package dev.robotaug.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} refuses to send:
 * broken request lines, CR/LF or NUL in headers, lying lengths, bad chunking. The request bytes go
 * out as given, from a second thread while this one reads the answer, so a server that answers
 * before reading a large body is seen answering.
 */
final class RawHttp {
  private static final int TIMEOUT_MS = 20_000;
  private static final ExecutorService WRITERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "raw-http-writer");
            thread.setDaemon(true);
            return thread;
          });

  /** An answer: status 0 when the server closed without one. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /** Sends {@code request} as is, closes the sending side, and reads the answer. */
  static Answer exchange(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      Future<?> writing =
          WRITERS.submit(
              () -> {
                try {
                  out.write(request);
                  out.flush();
                  socket.shutdownOutput();
                } catch (IOException serverStoppedReading) {
                  // The server answered and closed before taking the whole body: expected for 413.
                }
              });
      byte[] answer = readAll(socket.getInputStream());
      writing.cancel(true);
      return parse(answer);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot exchange with 127.0.0.1:" + port, e);
    }
  }

  /** A request with CRLF line ends; {@code body} may be null. */
  static byte[] request(String head, byte[] body) {
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(headBytes);
    if (body != null) {
      out.writeBytes(body);
    }

    return out.toByteArray();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("no end of answer within " + TIMEOUT_MS + " ms: " + out.size(), e);
    } catch (IOException reset) {
      // A reset after the answer arrived (the server closed with unread body bytes) loses nothing.
      if (out.size() == 0) {
        throw reset;
      }
    }

    return out.toByteArray();
  }

  static Answer parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || headEnd < 0) {
      return new Answer(0, Map.of(), text);
    }

    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }

    byte[] rest = text.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(rest);
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      body = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
    } else {
      body = rest;
    }

    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int lineEnd = text.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }

      int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }

      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }

    return out.toByteArray();
  }
}
