/**
 * The registry store: instances, leases, the change index and its listeners.
 */
@NullMarked
package dev.discovery.server.registry;

import org.jspecify.annotations.NullMarked;
