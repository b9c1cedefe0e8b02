/**
 * The client's local view of the registry, fed by the registry's watch stream so lookups need no network call.
 */
@NullMarked
package dev.discovery.client.watch;

import org.jspecify.annotations.NullMarked;
