/**
 * What keeps a crashed or failing instance from costing callers their calls: retry on another instance, passive
 * ejection (outlier detection) in this caller's load balancer, and suspect reports to the registry.
 */
@NullMarked
package dev.discovery.client.resilience;

import org.jspecify.annotations.NullMarked;
