/**
 * Saving the registry on graceful stop and loading it on start.
 */
@NullMarked
package dev.discovery.server.snapshot;

import org.jspecify.annotations.NullMarked;
