/**
 * The read fast path: each service's answers encoded once per change and served without Spring MVC's dispatch.
 */
@NullMarked
package dev.discovery.server.reads;

import org.jspecify.annotations.NullMarked;
