package dev.discovery.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that sends pre-encoded requests and reads responses with as little work as
 * possible (status, {@code Content-Length} or chunked body, discarded), so the load generator is not what limits
 * the figures.
 */
public final class HttpConnection implements Closeable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final byte[] line = new byte[8192];

	private final byte[] skip = new byte[16384];

	private boolean closing;

	public HttpConnection(String host, int port) throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress(host, port), 5000);
		this.socket.setSoTimeout(30_000);
		this.in = new BufferedInputStream(this.socket.getInputStream(), 65536);
		this.out = this.socket.getOutputStream();
	}

	/**
	 * Encodes a request once, for sending many times.
	 * @param method the method
	 * @param path the path and query
	 * @param body a JSON body, or {@code null}
	 * @return the request bytes
	 */
	public static byte[] request(String method, String path, String body) {
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		if (body != null) {
			head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
		}
		else if (!method.equals("GET")) {
			head.append("Content-Length: 0\r\n");
		}
		byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
		byte[] all = new byte[headBytes.length + content.length];
		System.arraycopy(headBytes, 0, all, 0, headBytes.length);
		System.arraycopy(content, 0, all, headBytes.length, content.length);
		return all;
	}

	/**
	 * Sends a request and reads its response.
	 * @param request the encoded request
	 * @return the response status
	 * @throws IOException if the connection fails
	 */
	public int exchange(byte[] request) throws IOException {
		this.out.write(request);
		this.out.flush();
		int length = readLine();
		if (length < 12) {
			throw new IOException("Bad status line");
		}
		int status = (this.line[9] - '0') * 100 + (this.line[10] - '0') * 10 + (this.line[11] - '0');
		long contentLength = -1;
		boolean chunked = false;
		while ((length = readLine()) > 0) {
			String header = new String(this.line, 0, length, StandardCharsets.US_ASCII);
			int colon = header.indexOf(':');
			String name = header.substring(0, Math.max(colon, 0));
			if (name.equalsIgnoreCase("content-length")) {
				contentLength = Long.parseLong(header.substring(colon + 1).trim());
			}
			else if (name.equalsIgnoreCase("transfer-encoding")) {
				chunked = header.toLowerCase(Locale.ROOT).contains("chunked");
			}
			else if (name.equalsIgnoreCase("connection")) {
				this.closing = header.toLowerCase(Locale.ROOT).contains("close");
			}
		}
		if (chunked) {
			skipChunks();
		}
		else if (contentLength > 0) {
			skipBytes(contentLength);
		}
		return status;
	}

	private void skipChunks() throws IOException {
		while (true) {
			int length = readLine();
			String size = new String(this.line, 0, length, StandardCharsets.US_ASCII);
			int semicolon = size.indexOf(';');
			long chunk = Long.parseLong((semicolon >= 0) ? size.substring(0, semicolon) : size.trim(), 16);
			if (chunk == 0) {
				while (readLine() > 0) {
					// trailers
				}
				return;
			}
			skipBytes(chunk);
			readLine();
		}
	}

	private void skipBytes(long count) throws IOException {
		long left = count;
		while (left > 0) {
			int n = this.in.read(this.skip, 0, (int) Math.min(this.skip.length, left));
			if (n < 0) {
				throw new EOFException();
			}
			left -= n;
		}
	}

	private int readLine() throws IOException {
		int length = 0;
		while (true) {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException("Connection closed by the server");
			}
			if (b == '\n') {
				return (length > 0 && this.line[length - 1] == '\r') ? length - 1 : length;
			}
			if (length < this.line.length) {
				this.line[length++] = (byte) b;
			}
		}
	}

	/**
	 * Whether the server said it closes the connection after the last response.
	 * @return {@code true} if a new connection is needed
	 */
	public boolean closing() {
		return this.closing;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
