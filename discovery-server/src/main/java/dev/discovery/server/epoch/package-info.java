/**
 * The registry's identity: the epoch of its index space, and whether it restored its state or is warming up.
 */
@NullMarked
package dev.discovery.server.epoch;

import org.jspecify.annotations.NullMarked;
