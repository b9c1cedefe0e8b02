/**
 * The discovery registry server application.
 */
@NullMarked
package dev.discovery.server;

import org.jspecify.annotations.NullMarked;
