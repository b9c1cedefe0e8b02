/**
 * The dashboard: plain HTML, JavaScript and CSS shipped in the jar under {@code static/ui}, served at {@code /} and
 * {@code /ui/**}, and the registry overview it reads ({@code GET /api/v1/registry}).
 */
@NullMarked
package dev.discovery.server.ui;

import org.jspecify.annotations.NullMarked;
