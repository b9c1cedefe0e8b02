/**
 * The registry's store contract ({@link dev.discovery.server.registry.Registry}): instances, leases, the change
 * index, the change feed and its listeners, the local view reads come from, and validation.
 */
@NullMarked
package dev.discovery.server.registry;

import org.jspecify.annotations.NullMarked;
