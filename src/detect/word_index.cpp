#include "detect/word_index.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_map>

namespace pm::detect {

WordIndex::WordIndex(const Lexicons& lexicons, const std::vector<std::pair<std::string_view, std::uint32_t>>& pattern_words)
{
    std::unordered_map<std::string, std::size_t> position;
    const auto entry = [&](const std::string& word) -> std::size_t {
        const auto [it, inserted] = position.emplace(word, m_entries.size());
        if (inserted) {
            m_entries.push_back(WordEntry { word, head_of(word), word_hash(word), nullptr, {}, 0, false });
            m_max_word_bytes = std::max(m_max_word_bytes, word.size());
        }
        return it->second;
    };
    for (const auto& [word, terms] : lexicons.single_words) {
        m_entries[entry(word)].terms = &terms;
    }
    // Every word of a multi-word term has an entry, so the scanner remembers the previous words
    // as entries and compares pointers.
    for (const auto& [word, forms] : lexicons.multi_words) {
        entry(word);
        for (const MultiWordForm& form : forms) {
            for (const std::string& leading : form.words) {
                entry(leading);
            }
        }
    }
    for (const std::string& word : lexicons.staff_roles) {
        m_entries[entry(word)].staff_role = true;
    }
    for (const auto& [word, bits] : pattern_words) {
        m_entries[entry(std::string(word))].pattern_bits |= bits;
    }
    // m_entries no longer grows: pointers into it are stable from here on.
    for (const auto& [word, forms] : lexicons.multi_words) {
        WordEntry& last = m_entries[position.at(word)];
        for (const MultiWordForm& form : forms) {
            MultiWordEnding ending { form.term, {} };
            for (std::size_t i = 0; i + 1 < form.words.size(); ++i) {
                ending.leading.push_back(&m_entries[position.at(form.words[i])]);
            }
            last.endings.push_back(std::move(ending));
        }
    }
    // At most half full: the filter turns away most words that are not there.
    const std::size_t slots = std::bit_ceil(std::max<std::size_t>(16, m_entries.size() * 2));
    m_slots.assign(slots, Slot {});
    m_mask = slots - 1;
    // The filter holds the words that mean something by themselves: the scanner looks up no
    // other (it reads a multi-word term's leading words back from the text).
    for (const WordEntry& word : m_entries) {
        const bool meaningful = word.terms != nullptr || !word.endings.empty() || word.staff_role || word.pattern_bits != 0;
        if (!word.word.empty() && meaningful) {
            const std::uint64_t key = filter_key(word.head, word.word.size());
            m_filter[key >> 56U] |= filter_bits_of(key);
        }
    }
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        std::size_t slot = m_entries[i].hash & m_mask;
        while (m_slots[slot].index != 0) {
            slot = (slot + 1) & m_mask;
        }
        const WordEntry& entry = m_entries[i];
        const bool meaningful = entry.terms != nullptr || !entry.endings.empty() || entry.staff_role || entry.pattern_bits != 0;
        m_slots[slot] = Slot { entry.head, static_cast<std::uint32_t>(i + 1), static_cast<std::uint16_t>(entry.word.size()), meaningful };
    }
}

} // namespace pm::detect
