/**
 * The benchmark suite: runs every scenario against a fresh registry and writes docs/benchmarks.md.
 */
@NullMarked
package dev.discovery.benchmarks;

import org.jspecify.annotations.NullMarked;
