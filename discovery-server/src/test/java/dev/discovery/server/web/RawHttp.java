package dev.discovery.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends arbitrary bytes as an HTTP/1.1 request, so tests can send what no HTTP client library would, and reads the
 * status, content type and body of the answer.
 */
final class RawHttp {

	record Answer(int status, String contentType, String body) {
	}

	private RawHttp() {
	}

	static Answer send(int port, String method, String path, String contentType, byte[] body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			StringBuilder head = new StringBuilder().append(method).append(' ').append(path)
				.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
			if (contentType != null) {
				head.append("Content-Type: ").append(contentType).append("\r\n");
			}
			head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// The server may answer and close before reading a large body; its answer is still readable.
			}
			return parse(socket.getInputStream());
		}
	}

	private static Answer parse(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int n;
		try {
			while ((n = in.read(buffer)) >= 0) {
				all.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// A reset after the answer was sent: keep what arrived.
		}
		String text = all.toString(StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			throw new IOException("No HTTP answer: " + text);
		}
		String contentType = "";
		for (String line : text.substring(0, end).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
				contentType = line.substring(13).trim();
			}
		}
		return new Answer(Integer.parseInt(text.substring(9, 12)), contentType, text.substring(end + 4));
	}

}
