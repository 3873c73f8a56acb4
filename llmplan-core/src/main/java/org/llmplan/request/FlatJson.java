package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a request composed of parts: one flat object holding the fields of every part, so that an API
 * body and a plan file read as the command line's options do. A record component marked {@link JsonUnwrapped}
 * is a part (Jackson writes its fields in line); any other component is a field of its own. Reading refuses a
 * field that no part has, with Jackson's own error, so the message lists the fields there are.
 */
public final class FlatJson {
  private FlatJson() {}

  /**
   * One field of the flat object.
   *
   * @param part the part it belongs to; null for a field of the request itself
   * @param component the record component it is read into
   */
  public record Field(String name, RecordComponent part, RecordComponent component) {
    public Type type() {
      return component.getGenericType();
    }
  }

  /** The fields of {@code type}'s flat JSON object, in the order they are written. */
  public static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      if (isPart(c)) {
        for (RecordComponent inner : c.getType().getRecordComponents()) {
          fields.add(new Field(inner.getName(), c, inner));
        }
      } else {
        fields.add(new Field(c.getName(), null, c));
      }
    }
    return fields;
  }

  private static boolean isPart(RecordComponent c) {
    return c.getAccessor().isAnnotationPresent(JsonUnwrapped.class);
  }

  /** Reads the flat object into the parts and the request; use with {@code @JsonDeserialize(using = ...)}. */
  public static final class Deserializer extends JsonDeserializer<Record> implements ContextualDeserializer {
    private final Class<?> type;

    public Deserializer() {
      this(null);
    }

    private Deserializer(Class<?> type) {
      this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
      return new Deserializer(ctxt.getContextualType().getRawClass());
    }

    @Override
    public Record deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode tree = ctxt.readTree(p);
      if (!tree.isObject()) {
        return (Record) ctxt.reportInputMismatch(type, "the request must be a JSON object, not %s",
            tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
      }
      Map<String, Field> known = new LinkedHashMap<>();
      fields(type).forEach(f -> known.put(f.name(), f));
      for (var names = tree.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.containsKey(name)) {
          throw UnrecognizedPropertyException.from(p, type, name, new ArrayList<>(known.keySet()));
        }
      }
      RecordComponent[] components = type.getRecordComponents();
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = value(components[i], tree, ctxt);
      }
      return construct(components, values, ctxt);
    }

    private static Object value(RecordComponent c, JsonNode tree, DeserializationContext ctxt) throws IOException {
      if (isPart(c)) {
        ObjectNode part = ctxt.getNodeFactory().objectNode();
        for (RecordComponent inner : c.getType().getRecordComponents()) {
          if (tree.has(inner.getName())) {
            part.set(inner.getName(), tree.get(inner.getName()));
          }
        }
        return ctxt.readTreeAsValue(part, c.getType());
      }
      JsonNode node = tree.get(c.getName());
      return node == null || node.isNull() ? null
          : ctxt.readTreeAsValue(node, ctxt.getTypeFactory().constructType(c.getGenericType()));
    }

    private Record construct(RecordComponent[] components, Object[] values, DeserializationContext ctxt)
        throws IOException {
      try {
        Constructor<?> canonical = type.getDeclaredConstructor(
            Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return (Record) canonical.newInstance(values);
      } catch (InvocationTargetException e) {
        throw ctxt.instantiationException(type, e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(type + " has no canonical constructor to read into", e);
      }
    }
  }
}
