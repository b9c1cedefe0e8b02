/**
 * Auto-configuration of the discovery client.
 */
@NullMarked
package dev.discovery.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
