/**
 * The v1 wire contract of the discovery registry: the JSON records exchanged by the server and its clients.
 */
package dev.discovery.protocol;
