/**
 * Change propagation to xDS clients: ADS streams held open against a registry process.
 */
@NullMarked
package dev.discovery.benchmarks.xds;

import org.jspecify.annotations.NullMarked;
