package org.llmplan.view;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a map component of a view: write its entries in the map's own order (the breakdown order of the parts,
 * documented in docs/json.md) instead of sorted by key, which {@link JsonText} does for every other map.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonFormat(without = JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES)
public @interface Ordered {}
