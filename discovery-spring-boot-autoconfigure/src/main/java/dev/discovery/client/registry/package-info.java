/**
 * The HTTP client of the registry's v1 API, with fail-over across several registry URLs.
 */
@NullMarked
package dev.discovery.client.registry;

import org.jspecify.annotations.NullMarked;
