/**
 * The watch propagation benchmark: change → arrival delay on the watch stream at 1, 100 and 1,000 watchers.
 */
@NullMarked
package dev.discovery.benchmarks.watch;

import org.jspecify.annotations.NullMarked;
