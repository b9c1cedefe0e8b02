/**
 * A plain-JDK HTTP/1.1 load generator and the registry scenarios it drives.
 */
@NullMarked
package dev.discovery.benchmarks.load;

import org.jspecify.annotations.NullMarked;
