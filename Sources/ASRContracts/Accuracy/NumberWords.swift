/// Whole numbers written as English words, the way the corpus transcripts say them, so that a
/// recogniser writing digits ("Go forward 10 meters", as Whisper does) is scored like one writing
/// words ("go forward ten meters", as PocketSphinx does): `10` → `ten`, `21` → `twenty one`,
/// `1905` → `one thousand nine hundred five` (a cardinal reading, no "and").
enum NumberWords {
    private static let small = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    private static let scales: [(value: Int, name: String)] = [(1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")]

    /// The words of `digits` (ASCII digits only, below a trillion); nil for anything else.
    static func words(_ digits: some StringProtocol) -> [String]? {
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
        guard value > 0 else { return ["zero"] }
        var words: [String] = []
        var rest = value
        for scale in scales where rest >= scale.value {
            words += belowThousand(rest / scale.value) + [scale.name]
            rest %= scale.value
        }
        return words + (rest > 0 ? belowThousand(rest) : [])
    }

    /// 1 … 999.
    private static func belowThousand(_ value: Int) -> [String] {
        var words: [String] = []
        if value >= 100 { words += [small[value / 100], "hundred"] }
        let rest = value % 100
        if rest >= 20 {
            words.append(tens[rest / 10])
            if rest % 10 > 0 { words.append(small[rest % 10]) }
        } else if rest > 0 {
            words.append(small[rest])
        }
        return words
    }
}
