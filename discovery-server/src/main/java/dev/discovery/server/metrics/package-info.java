/**
 * Micrometer meters for the registry.
 */
@NullMarked
package dev.discovery.server.metrics;

import org.jspecify.annotations.NullMarked;
