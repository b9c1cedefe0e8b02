/**
 * Suspect reports: a caller that could not reach an instance asks the registry to check it at once.
 */
@NullMarked
package dev.discovery.server.suspect;

import org.jspecify.annotations.NullMarked;
