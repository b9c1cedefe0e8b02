/**
 * Test kit for applications that use the discovery starter: {@link dev.discovery.test.EmbeddedRegistry} runs the
 * real registry in the test JVM, {@link dev.discovery.test.TestRegistry} moves its clock and registers
 * {@link dev.discovery.test.FakeInstance fake instances} of other services.
 */
@NullMarked
package dev.discovery.test;

import org.jspecify.annotations.NullMarked;
