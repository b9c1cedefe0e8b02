/**
 * Protection mode: the registry stops dropping instances when too many vanish at once.
 */
@NullMarked
package dev.discovery.server.protection;

import org.jspecify.annotations.NullMarked;
