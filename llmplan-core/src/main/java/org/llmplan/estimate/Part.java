package org.llmplan.estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named part of an estimate: a value (bytes for memory, seconds for time), the formula and inputs that
 * produced it, and the parts it is the sum of. A part with children always equals their sum.
 */
public record Part(String name, double value, String basis, List<Part> children) {

  public Part {
    children = List.copyOf(children);
  }

  public static Part leaf(String name, double value, String basis) {
    return new Part(name, value, basis, List.of());
  }

  /** A part whose value is the sum of its children; children that are zero are dropped. */
  public static Part sum(String name, String basis, List<Part> children) {
    List<Part> kept = children.stream().filter(p -> p.value() != 0).toList();
    return new Part(name, kept.stream().mapToDouble(Part::value).sum(), basis, kept);
  }

  /** This part and all its children multiplied by {@code factor}, under a new name and basis. */
  public Part times(double factor, String newName, String newBasis) {
    return new Part(newName, value * factor, newBasis,
        children.stream().map(c -> c.times(factor, c.name(), c.basis())).toList());
  }

  /** The part with this name anywhere in the trees, or null. */
  public static Part find(List<Part> parts, String partName) {
    for (Part p : parts) {
      Part found = p.find(partName);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Top-level values by name, in order. */
  public static Map<String, Double> values(List<Part> parts) {
    Map<String, Double> map = new LinkedHashMap<>();
    parts.forEach(p -> map.put(p.name(), p.value()));
    return map;
  }

  /** The descendant (or this part) with the given name, or null. */
  public Part find(String partName) {
    if (name.equals(partName)) {
      return this;
    }
    for (Part c : children) {
      Part found = c.find(partName);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
