/**
 * Registry-side health checks: HTTP and TCP probes, thresholds, and removal of instances that stay critical.
 */
@NullMarked
package dev.discovery.server.health;

import org.jspecify.annotations.NullMarked;
