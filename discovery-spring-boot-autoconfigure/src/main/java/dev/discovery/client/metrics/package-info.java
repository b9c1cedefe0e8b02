/**
 * Micrometer metrics of the discovery client.
 */
@NullMarked
package dev.discovery.client.metrics;

import org.jspecify.annotations.NullMarked;
