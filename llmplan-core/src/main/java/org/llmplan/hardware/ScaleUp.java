package org.llmplan.hardware;

/**
 * The accelerator's scale-up link (NVLink, Infinity Fabric, ICI, or PCIe when there is none).
 *
 * @param link what the link is, as the vendor names it
 * @param gbPerSecond bandwidth per accelerator per direction, GB/s
 * @param domain accelerators that reach each other over this link (8 in an HGX board, 72 in GB200 NVL72)
 */
public record ScaleUp(String link, double gbPerSecond, int domain) {}
