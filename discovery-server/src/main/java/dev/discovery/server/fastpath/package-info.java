/**
 * The fast paths: the registry's hottest requests answered after the security filters and before Spring MVC's
 * handler dispatch, with the same contract as the mappings that serve what they leave alone.
 */
@NullMarked
package dev.discovery.server.fastpath;

import org.jspecify.annotations.NullMarked;
