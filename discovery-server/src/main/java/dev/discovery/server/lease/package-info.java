/**
 * Lease expiry on a Spring-managed scheduler.
 */
@NullMarked
package dev.discovery.server.lease;

import org.jspecify.annotations.NullMarked;
