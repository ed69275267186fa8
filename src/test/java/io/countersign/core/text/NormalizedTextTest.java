package io.countersign.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalizedTextTest {

    private static String span(NormalizedText nt, String needle) {
        int at = nt.text().indexOf(needle);
        return nt.original().substring(nt.originalStart(at), nt.originalEnd(at + needle.length()));
    }

    @Test
    void foldsCaseAccentsAndCompatibilityForms() {
        assertEquals("guaranteed resume fi", NormalizedText.of("GUARANTEED Résumé \uFB01").text());
        assertEquals("guaranteed", NormalizedText.of("\uFF47\uFF55\uFF41\uFF52\uFF41\uFF4E\uFF54\uFF45\uFF45\uFF44").text());
    }

    @Test
    void dropsInvisibleCharactersButKeepsOriginalSpans() {
        NormalizedText nt = NormalizedText.of("x guar\u200Ban\u00ADteed y");
        assertEquals("x guaranteed y", nt.text());
        assertEquals("guar\u200Ban\u00ADteed", span(nt, "guaranteed"));
    }

    @Test
    void aSpanTakesTheCombiningMarksOfItsLastLetter() {
        String text = "x gu\u0336a\u0336r\u0336anteed\u0336\u0301 y";
        NormalizedText nt = NormalizedText.of(text);
        assertEquals("x guaranteed y", nt.text());
        assertEquals("gu\u0336a\u0336r\u0336anteed\u0336\u0301", text.substring(nt.originalStart(2), nt.originalEnd(12)));
    }

    @Test
    void mapsHomoglyphsToLatin() {
        NormalizedText nt = NormalizedText.of("gu\u0430r\u0430nt\u0435\u0435d"); // Cyrillic а and е
        assertEquals("guaranteed", nt.text());
        assertEquals("\u03BFk", NormalizedText.of("\u03BFk").text().equals("ok") ? "\u03BFk" : "fail");
    }

    @Test
    void joinsSpacedOutWordsOnly() {
        NormalizedText nt = NormalizedText.of("it is g u a r a n t e e d, ok");
        assertEquals("it is guaranteed, ok", nt.text());
        assertEquals("g u a r a n t e e d", span(nt, "guaranteed"));
        assertEquals("r.i.s.k free", NormalizedText.of("R.I.S.K free").text().replace("risk", "r.i.s.k"));
        assertEquals("a b test", NormalizedText.of("a b test").text());
    }

    @Test
    void keepsEmojiAndSurrogatePairsMapped() {
        NormalizedText nt = NormalizedText.of("\uD83D\uDE80 GO");
        assertEquals("\uD83D\uDE80 go", nt.text());
        assertEquals("GO", span(nt, "go"));
        assertEquals("", NormalizedText.of("").text());
        assertEquals(0, NormalizedText.of("").originalStart(0));
    }
}
