package pm1.estest;

import java.io.Reader;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import com.ibm.icu.text.FilteredNormalizer2;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.text.UnicodeSet;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2CharFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2Filter;
import org.apache.lucene.analysis.icu.ICUTransformFilter;
import org.apache.lucene.analysis.icu.segmentation.DefaultICUTokenizerConfig;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.th.ThaiTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;

/**
 * Analysis components under the names and settings Elasticsearch documents for them, each a thin
 * wrapper around the Lucene class that does the work. Only what the project needs or may soon
 * need; anything missing fails loudly ("failed to find ... under [name]") rather than silently.
 */
final class Components {

    private Components() {}

    static Map<String, AnalysisProvider<TokenizerFactory>> tokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("thai", (is, env, name, s) -> TokenizerFactory.newFactory(name, ThaiTokenizer::new));
        m.put("icu_tokenizer", (is, env, name, s) -> TokenizerFactory.newFactory(
            name, () -> new ICUTokenizer(new DefaultICUTokenizerConfig(true, true))));
        m.put("keyword", (is, env, name, s) -> {
            int bufferSize = s.getAsInt("buffer_size", 256);
            return TokenizerFactory.newFactory(name, () -> new KeywordTokenizer(bufferSize));
        });
        m.put("whitespace", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", 255);
            return TokenizerFactory.newFactory(
                name, () -> new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max));
        });
        m.put("letter", (is, env, name, s) -> TokenizerFactory.newFactory(name, LetterTokenizer::new));
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            checkNgramDiff(is, "ngram tokenizer", min, max);
            Set<TokenChars> chars = tokenChars(s);
            int[] custom = customTokenChars(s, chars);
            return TokenizerFactory.newFactory(name, () -> new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int c) {
                    return TokenChars.accepts(chars, custom, c);
                }
            });
        });
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            Set<TokenChars> chars = tokenChars(s);
            int[] custom = customTokenChars(s, chars);
            return TokenizerFactory.newFactory(name, () -> new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int c) {
                    return TokenChars.accepts(chars, custom, c);
                }
            });
        });
        return m;
    }

    static Map<String, AnalysisProvider<TokenFilterFactory>> tokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("asciifolding", (is, env, name, s) -> {
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return new Normalizing(name, in -> new ASCIIFoldingFilter(in, preserve), in -> new ASCIIFoldingFilter(in, false));
        });
        m.put("lowercase", (is, env, name, s) -> {
            String language = s.get("language");
            UnaryOperator<TokenStream> f;
            if (language == null) {
                f = LowerCaseFilter::new;
            } else {
                switch (language.toLowerCase(Locale.ROOT)) {
                    case "greek" -> f = GreekLowerCaseFilter::new;
                    case "irish" -> f = IrishLowerCaseFilter::new;
                    case "turkish" -> f = TurkishLowerCaseFilter::new;
                    default -> throw new IllegalArgumentException("[lowercase] filter: unknown language [" + language + "]");
                }
            }
            return new Normalizing(name, f, f);
        });
        m.put("uppercase", (is, env, name, s) -> new Normalizing(name, UpperCaseFilter::new, UpperCaseFilter::new));
        m.put("decimal_digit", (is, env, name, s) -> new Normalizing(name, DecimalDigitFilter::new, DecimalDigitFilter::new));
        m.put("trim", (is, env, name, s) -> new Normalizing(name, TrimFilter::new, TrimFilter::new));
        m.put("reverse", (is, env, name, s) -> new Plain(name, ReverseStringFilter::new));
        m.put("porter_stem", (is, env, name, s) -> new Plain(name, PorterStemFilter::new));
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            checkNgramDiff(is, "ngram filter", min, max);
            return new Plain(name, in -> new NGramTokenFilter(in, min, max, preserve));
        });
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return new Plain(name, in -> new EdgeNGramTokenFilter(in, min, max, preserve));
        });
        m.put("length", (is, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return new Plain(name, in -> new LengthFilter(in, min, max));
        });
        m.put("truncate", (is, env, name, s) -> {
            int length = s.getAsInt("length", 10);
            return new Plain(name, in -> new TruncateTokenFilter(in, length));
        });
        m.put("unique", (is, env, name, s) -> s.getAsBoolean("only_on_same_position", false)
            ? new Plain(name, RemoveDuplicatesTokenFilter::new)
            : new Plain(name, UniqueFilter::new));
        m.put("icu_folding", (is, env, name, s) -> {
            Normalizer2 n = restrict(ICUFoldingFilter.NORMALIZER, s);
            return new Normalizing(name, in -> new ICUFoldingFilter(in, n), in -> new ICUFoldingFilter(in, n));
        });
        m.put("icu_normalizer", (is, env, name, s) -> {
            Normalizer2 n = icuNormalizer(s);
            return new Normalizing(name, in -> new ICUNormalizer2Filter(in, n), in -> new ICUNormalizer2Filter(in, n));
        });
        m.put("icu_transform", (is, env, name, s) -> {
            String id = s.get("id", "Null");
            int dir = "reverse".equals(s.get("dir", "forward")) ? Transliterator.REVERSE : Transliterator.FORWARD;
            Transliterator t = Transliterator.getInstance(id, dir);
            return new Normalizing(name, in -> new ICUTransformFilter(in, t), in -> new ICUTransformFilter(in, t));
        });
        return m;
    }

    static Map<String, AnalysisProvider<CharFilterFactory>> charFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", (is, env, name, s) -> {
            Set<String> escaped = new HashSet<>(s.getAsList("escaped_tags"));
            return new CharFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Reader create(Reader reader) {
                    return new HTMLStripCharFilter(reader, escaped.isEmpty() ? null : escaped);
                }
            };
        });
        m.put("icu_normalizer", (is, env, name, s) -> {
            Normalizer2 n = icuNormalizer(s);
            return new NormalizingCharFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Reader create(Reader reader) {
                    return new ICUNormalizer2CharFilter(reader, n);
                }
            };
        });
        return m;
    }

    static Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("thai", (is, env, name, s) -> {
            ThaiAnalyzer analyzer = new ThaiAnalyzer(Analysis.parseStopWords(env, s, ThaiAnalyzer.getDefaultStopSet()));
            return new AbstractIndexAnalyzerProvider<ThaiAnalyzer>(name, s) {
                @Override
                public ThaiAnalyzer get() {
                    return analyzer;
                }
            };
        });
        return m;
    }

    // Elasticsearch's index.max_ngram_diff guard, so that settings rejected in production are rejected here too.
    private static void checkNgramDiff(IndexSettings is, String what, int min, int max) {
        int allowed = is == null ? IndexSettings.MAX_NGRAM_DIFF_SETTING.getDefault(Settings.EMPTY) : is.getMaxNgramDiff();
        if (max - min > allowed) {
            throw new IllegalArgumentException("the " + what + " has max_gram - min_gram = " + (max - min)
                + ", more than the index setting [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] allows: [" + allowed + "]");
        }
    }

    private static Normalizer2 icuNormalizer(Settings s) {
        String form = s.get("name", "nfkc_cf");
        Normalizer2.Mode mode = "decompose".equals(s.get("mode", "compose")) ? Normalizer2.Mode.DECOMPOSE : Normalizer2.Mode.COMPOSE;
        return restrict(Normalizer2.getInstance(null, form, mode), s);
    }

    private static Normalizer2 restrict(Normalizer2 n, Settings s) {
        String set = s.get("unicode_set_filter");
        return set == null ? n : new FilteredNormalizer2(n, new UnicodeSet(set).freeze());
    }

    private static Set<TokenChars> tokenChars(Settings s) {
        Set<TokenChars> chars = EnumSet.noneOf(TokenChars.class);
        for (String c : s.getAsList("token_chars")) {
            try {
                chars.add(TokenChars.valueOf(c.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown token_chars class [" + c + "]", e);
            }
        }
        return chars;
    }

    private static int[] customTokenChars(Settings s, Set<TokenChars> chars) {
        String custom = s.get("custom_token_chars");
        if (chars.contains(TokenChars.CUSTOM) && (custom == null || custom.isEmpty())) {
            throw new IllegalArgumentException("token_chars [custom] needs custom_token_chars");
        }
        return custom == null ? new int[0] : custom.codePoints().sorted().toArray();
    }

    enum TokenChars {
        LETTER, DIGIT, WHITESPACE, PUNCTUATION, SYMBOL, CUSTOM;

        static boolean accepts(Set<TokenChars> chars, int[] custom, int c) {
            if (chars.isEmpty()) {
                return true;
            }
            for (TokenChars t : chars) {
                if (t.matches(c, custom)) {
                    return true;
                }
            }
            return false;
        }

        boolean matches(int c, int[] custom) {
            return switch (this) {
                case LETTER -> Character.isLetter(c);
                case DIGIT -> Character.isDigit(c);
                case WHITESPACE -> Character.isWhitespace(c);
                case PUNCTUATION -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case SYMBOL -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                        Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case CUSTOM -> java.util.Arrays.binarySearch(custom, c) >= 0;
            };
        }
    }

    /** A token filter that may also take part in normalizers (keyword fields, query-time normalization). */
    private record Normalizing(String name, UnaryOperator<TokenStream> filter, UnaryOperator<TokenStream> normalizer)
        implements NormalizingTokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return filter.apply(in);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return normalizer.apply(in);
        }
    }

    private record Plain(String name, UnaryOperator<TokenStream> filter) implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return filter.apply(in);
        }
    }

    /** Drops a token whose text was already seen in the stream. */
    private static final class UniqueFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws java.io.IOException {
            while (input.incrementToken()) {
                if (!seen.contains(term.buffer(), 0, term.length())) {
                    seen.add(term.toString());
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws java.io.IOException {
            super.reset();
            seen.clear();
        }
    }
}
