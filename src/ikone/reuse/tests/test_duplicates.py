from ikone.reuse.duplicates import Item, near_duplicates


def test_same_services_and_similar_text_across_owners():
    item = Item(1, "Hundesteuer online Hunde an- und abmelden", frozenset({1, 2}))
    others = [
        Item(2, "Hundesteuer-Online: Hunde anmelden und abmelden", frozenset({1, 2})),
        Item(3, "Hundesteuer online Hunde an- und abmelden", frozenset({7})),  # other services
        Item(4, "Wohngeld-Assistent", frozenset({1, 2})),  # other text
    ]
    assert [m.solution_id for m in near_duplicates(item, others)] == [2]


def test_linked_pairs_are_not_suggested_again():
    item = Item(1, "Mängelmelder", frozenset({1}))
    assert near_duplicates(item, [Item(2, "Mängelmelder", frozenset({1}))], linked={2}) == []
