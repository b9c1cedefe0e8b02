package dev.discovery.server.reads;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * One encoded answer to a read of a service's instances: the JSON, its entity tag, and its gzip form, compressed
 * the first time a client asks for it and kept with the answer.
 */
public final class EncodedList {

	private final byte[] body;

	private final @Nullable String etag;

	private volatile byte @Nullable [] gzipped;

	EncodedList(byte[] body, @Nullable String etag) {
		this.body = body;
		this.etag = etag;
	}

	/**
	 * An answer without an entity tag, such as a document of the Eureka API.
	 * @param body the encoded answer, not to be changed afterwards
	 * @return the answer, compressed on first ask
	 */
	public static EncodedList of(byte[] body) {
		return new EncodedList(body, null);
	}

	/**
	 * Whether an {@code Accept-Encoding} header accepts gzip: named with a weight above zero.
	 * @param acceptEncoding the header, or {@code null}
	 * @return {@code true} if the answer may be compressed
	 */
	public static boolean acceptsGzip(@Nullable String acceptEncoding) {
		return Conditions.acceptsGzip(acceptEncoding);
	}

	/**
	 * The JSON.
	 * @return the bytes, not to be changed
	 */
	public byte[] body() {
		return this.body;
	}

	/**
	 * The entity tag, a weak one: the gzip form shares it.
	 * @return the tag, or {@code null} for a service with no instances, which has no index of its own
	 */
	public @Nullable String etag() {
		return this.etag;
	}

	/**
	 * The JSON compressed with gzip; compressed once, however many ask (two at once may both compress).
	 * @return the bytes, not to be changed
	 */
	public byte[] gzipped() {
		byte[] compressed = this.gzipped;
		if (compressed == null) {
			compressed = gzip(this.body);
			this.gzipped = compressed;
		}
		return compressed;
	}

	private static byte[] gzip(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 6 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
			gzip.write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
