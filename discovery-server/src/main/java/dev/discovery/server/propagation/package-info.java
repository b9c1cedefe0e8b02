/**
 * Time to truth: which subscribed clients have applied each change, how long every change took to reach all of
 * them, and who lags.
 */
@NullMarked
package dev.discovery.server.propagation;

import org.jspecify.annotations.NullMarked;
