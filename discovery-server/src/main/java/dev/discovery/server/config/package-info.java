/**
 * Wiring and properties of the registry server.
 */
@NullMarked
package dev.discovery.server.config;

import org.jspecify.annotations.NullMarked;
