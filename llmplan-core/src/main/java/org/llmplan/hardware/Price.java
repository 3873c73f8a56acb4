package org.llmplan.hardware;

/**
 * A dated, sourced rental price for one accelerator. Prices move fast; users override them with --price.
 *
 * @param usdPerHour US dollars per accelerator-hour
 * @param date when the price was recorded (ISO date or month)
 * @param source where it was read
 */
public record Price(double usdPerHour, String date, String source) {}
