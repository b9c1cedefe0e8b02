/**
 * The {@code /health}, {@code /health/ready} and {@code /health/live} endpoints and the registry health indicator.
 */
@NullMarked
package dev.discovery.client.health;

import org.jspecify.annotations.NullMarked;
