package org.llmplan.view;

import java.util.List;
import org.llmplan.estimate.Part;

/**
 * A memory part as JSON, {@code {name, bytes, basis, children?}}: the {@code breakdown} trees of the training
 * and serving memory views.
 *
 * @param children the parts this one sums, or null (left out) for a leaf
 */
public record MemoryPart(String name, double bytes, String basis, List<MemoryPart> children) {

  static MemoryPart of(Part part) {
    return new MemoryPart(part.name(), part.value(), part.basis(),
        part.children().isEmpty() ? null : trees(part.children()));
  }

  static List<MemoryPart> trees(List<Part> parts) {
    return parts.stream().map(MemoryPart::of).toList();
  }
}
