package dev.robotaug.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Converts between Parquet records and plain Java values: int64 {@code Long}, int32 {@code
 * Integer}, double, float, boolean, UTF-8 strings as {@code String}, other binaries as {@code
 * byte[]}, LIST groups (the standard three-level layout pyarrow writes) as {@code List}, other
 * groups as ordered {@code Map}s, and absent optional values as {@code null}.
 */
final class ParquetValues {
  private ParquetValues() {}

  static Map<String, Object> toRow(Group group) {
    Map<String, Object> row = new LinkedHashMap<>();
    GroupType type = group.getType();
    for (int i = 0; i < type.getFieldCount(); i++) {
      row.put(type.getFieldName(i), field(group, i));
    }

    return row;
  }

  private static Object field(Group group, int index) {
    Type type = group.getType().getType(index);
    int count = group.getFieldRepetitionCount(index);
    if (type.isRepetition(Type.Repetition.REPEATED)) {
      List<Object> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        values.add(value(group, index, i, type));
      }

      return values;
    }

    return count == 0 ? null : value(group, index, 0, type);
  }

  private static Object value(Group group, int index, int position, Type type) {
    if (type.isPrimitive()) {
      return primitive(group, index, position, type.asPrimitiveType());
    }

    Group child = group.getGroup(index, position);
    if (isList(type)) {
      int count = child.getFieldRepetitionCount(0);
      List<Object> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        values.add(field(child.getGroup(0, i), 0));
      }

      return values;
    }

    return toRow(child);
  }

  private static Object primitive(Group group, int index, int position, PrimitiveType type) {
    switch (type.getPrimitiveTypeName()) {
      case INT64:
        return group.getLong(index, position);
      case INT32:
        return group.getInteger(index, position);
      case DOUBLE:
        return group.getDouble(index, position);
      case FLOAT:
        return group.getFloat(index, position);
      case BOOLEAN:
        return group.getBoolean(index, position);
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        Binary binary = group.getBinary(index, position);
        return isString(type) ? binary.toStringUsingUTF8() : binary.getBytes();
      default:
        throw new IllegalArgumentException(
            "Cannot read Parquet column " + type.getName() + ": unsupported type " + type);
    }
  }

  static boolean isList(Type type) {
    return !type.isPrimitive()
        && type.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
  }

  private static boolean isString(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
  }

  /** Writes one row (field name to value) as a record of {@code schema}. */
  static void writeRow(RecordConsumer consumer, GroupType schema, Map<String, Object> row) {
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Type type = schema.getType(i);
      Object value = row.get(type.getName());
      if (value == null) {
        if (type.isRepetition(Type.Repetition.REQUIRED)) {
          throw new IllegalArgumentException(
              "Cannot write Parquet row: required column " + type.getName() + " is missing");
        }

        continue;
      }

      consumer.startField(type.getName(), i);
      if (type.isRepetition(Type.Repetition.REPEATED)) {
        for (Object element : (List<?>) value) {
          writeValue(consumer, type, element);
        }
      } else {
        writeValue(consumer, type, value);
      }

      consumer.endField(type.getName(), i);
    }
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(RecordConsumer consumer, Type type, Object value) {
    if (type.isPrimitive()) {
      writePrimitive(consumer, type.asPrimitiveType(), value);
      return;
    }

    consumer.startGroup();
    if (isList(type)) {
      GroupType repeated = type.asGroupType().getType(0).asGroupType();
      List<?> elements = (List<?>) value;
      if (!elements.isEmpty()) {
        consumer.startField(repeated.getName(), 0);
        for (Object element : elements) {
          consumer.startGroup();
          if (element != null) {
            Type elementType = repeated.getType(0);
            consumer.startField(elementType.getName(), 0);
            writeValue(consumer, elementType, element);
            consumer.endField(elementType.getName(), 0);
          }

          consumer.endGroup();
        }

        consumer.endField(repeated.getName(), 0);
      }
    } else {
      writeRow(consumer, type.asGroupType(), (Map<String, Object>) value);
    }

    consumer.endGroup();
  }

  private static void writePrimitive(RecordConsumer consumer, PrimitiveType type, Object value) {
    switch (type.getPrimitiveTypeName()) {
      case INT64:
        consumer.addLong(((Number) value).longValue());
        break;
      case INT32:
        consumer.addInteger(((Number) value).intValue());
        break;
      case DOUBLE:
        consumer.addDouble(((Number) value).doubleValue());
        break;
      case FLOAT:
        consumer.addFloat(((Number) value).floatValue());
        break;
      case BOOLEAN:
        consumer.addBoolean((Boolean) value);
        break;
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        consumer.addBinary(
            value instanceof String text
                ? Binary.fromString(text)
                : Binary.fromConstantByteArray((byte[]) value));
        break;
      default:
        throw new IllegalArgumentException(
            "Cannot write Parquet column " + type.getName() + ": unsupported type " + type);
    }
  }
}
