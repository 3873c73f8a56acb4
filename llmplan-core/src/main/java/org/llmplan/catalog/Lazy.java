package org.llmplan.catalog;

import java.util.function.Supplier;

/**
 * A value made on first use, once, safely across threads (the search reads the catalog from several). A make
 * that throws leaves nothing behind, so the next use reports the same error.
 */
final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> make;
  private volatile T value;

  Lazy(Supplier<T> make) {
    this.make = make;
  }

  /** Whether the value has been made. */
  boolean made() {
    return value != null;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = make.get();
          value = v;
        }
      }
    }
    return v;
  }
}
