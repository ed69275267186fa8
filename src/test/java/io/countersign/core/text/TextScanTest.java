package io.countersign.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countersign.core.text.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shared scan must state facts exactly: rules skip work on its word. */
class TextScanTest {

    @Test
    void recordsCharactersDigitRunsAndTheLowerCasedBytes() {
        TextScan scan = TextScan.of("Call 555-0100 or {{x}}, ID 1,000.5 ok");
        assertTrue(scan.contains('{'));
        assertTrue(scan.contains('C'));
        assertTrue(scan.contains(','));
        assertFalse(scan.contains('%'));
        assertFalse(scan.contains('@'));
        assertTrue(scan.containsAny("%@{"));
        assertEquals(12, scan.digitCount());
        assertEquals(List.of(5, 9, 27, 29, 33), runs(scan));
        assertTrue(scan.isAscii());
        assertArrayEquals("call 555-0100 or {{x}}, id 1,000.5 ok".getBytes(StandardCharsets.US_ASCII), scan.asciiLower());
    }

    @Test
    void nonAsciiTextHasNoByteViewButKeepsItsFacts() {
        TextScan scan = TextScan.of("Zo\u00eb \u0663 ٣ 12\u200b3");
        assertFalse(scan.isAscii());
        assertNull(scan.asciiLower());
        assertEquals(3, scan.digitCount()); // Arabic-Indic digits are not ASCII digits
        assertEquals(2, scan.digitRunCount()); // the zero-width space splits "12" from "3"
        assertFalse(scan.contains('\u007f'));
    }

    @Test
    void agreesWithAPlainScanOnRandomText() {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(60);
            for (int i = 0; i < len; i++) {
                sb.append(random.nextInt(10) == 0 ? (char) (128 + random.nextInt(2000)) : (char) random.nextInt(128));
            }
            String text = sb.toString();
            TextScan scan = TextScan.of(text);
            for (char c = 0; c < 128; c++) {
                assertEquals(text.indexOf(c) >= 0, scan.contains(c), "char " + (int) c + " in round " + round);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < text.length(); i++) {
                if (isDigit(text.charAt(i)) && (i == 0 || !isDigit(text.charAt(i - 1)))) {
                    expected.add(i);
                }
            }
            assertEquals(expected, runs(scan));
            assertEquals(text.chars().allMatch(c -> c < 128), scan.isAscii());
            if (scan.isAscii()) {
                String lower = new String(scan.asciiLower(), StandardCharsets.US_ASCII);
                assertEquals(text.toLowerCase(Locale.ROOT), lower);
                Tokens viaBytes = Tokens.of(lower, scan.asciiLower());
                Tokens viaString = Tokens.of(lower);
                assertEquals(words(viaString), words(viaBytes), "tokens of \"" + lower + "\"");
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static List<Integer> runs(TextScan scan) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < scan.digitRunCount(); k++) {
            out.add(scan.digitRunStart(k));
        }
        return out;
    }

    private static List<String> words(Tokens t) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.start(i) + ":" + t.word(i) + ":" + t.hash(i));
        }
        return out;
    }
}
