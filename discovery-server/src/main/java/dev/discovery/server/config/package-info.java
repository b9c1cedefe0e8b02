/**
 * What the registry server's features share: the clock, the scheduler and the limits. Each feature package wires
 * itself with its own {@code *Configuration} and {@code *Properties}.
 */
@NullMarked
package dev.discovery.server.config;

import org.jspecify.annotations.NullMarked;
