/**
 * JMH benchmarks of the registry's hot paths.
 */
@NullMarked
package dev.discovery.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
