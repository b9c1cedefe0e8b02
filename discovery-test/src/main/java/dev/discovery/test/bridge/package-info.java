/**
 * Code the test kit runs inside the embedded registry's class loader. Not an API.
 */
@NullMarked
package dev.discovery.test.bridge;

import org.jspecify.annotations.NullMarked;
