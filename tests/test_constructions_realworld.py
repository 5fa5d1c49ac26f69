"""Constructions found in the real-text corpus (tests/realworld, issue 13), on short sentences in their
shape, through the real model: each rule of the extractor that the corpus asked for has a case here.

Each case: text, publication date, the (type, place, polarity, date) facts it must give (date None = any),
and the (type, place) pairs that must NOT come out.
"""
from __future__ import annotations

from datetime import date

import pytest
from test_constructions import check_facts

pytestmark = pytest.mark.model
TUE = date(2015, 3, 3)  # a Tuesday

CASES = [
    # inflections the small model leaves unlemmatised, and the tokenizer's "re-"
    ("retook", "Government forces retook Kunduz on Monday.", TUE, [("recapture", "Kunduz", "asserted", "2015-03-02")], []),
    ("re_hyphen", "Iraqi forces re-captured the city of Tikrit.", TUE, [("recapture", "Tikrit", "asserted", None)],
     [("capture", "Tikrit")]),
    # triggers
    ("liberated_prisoners", "Militants liberated 300 prisoners from the jail in Kunduz.", TUE,
     [("prison_release", "Kunduz", "asserted", None)], [("recapture", "Kunduz")]),
    ("took_back", "Troops took back the town of Kunduz on Monday.", TUE, [("recapture", "Kunduz", "asserted", None)], []),
    ("pushed_out", "Peshmerga fighters pushed out the militants from Sinjar.", TUE,
     [("recapture", "Sinjar", "asserted", None)], []),
    ("claimed_control", "The rebels claimed control of Kunduz on Monday.", TUE, [("capture", "Kunduz", "claimed", None)], []),
    ("lost_control", "The Houthis have lost control of Aden, officials said.", TUE, [("capture", "Aden", "asserted", None)], []),
    ("the_fall_possessive", "Kabul's fall stunned the world.", TUE, [("capture", "Kabul", "asserted", None)], []),
    ("operation_to_retake", "Iraqi forces launched an operation to recapture the town of Tal Afar.", TUE,
     [("attack", "Tall Afar", "asserted", None)], [("recapture", "Tall Afar")]),
    ("planned_operation", "The army plans to launch an offensive to retake Kunduz.", TUE, [],
     [("attack", "Kunduz"), ("recapture", "Kunduz")]),
    ("place_parsed_as_adverb", "Prigozhin said that his troops have taken Bakhmut and would pull out on Thursday.",
     date(2023, 5, 21), [("capture", "Bakhmut", "asserted", "2023-05-21")], []),
    ("in_charge_of", "Islamic State said it was in full charge of Palmyra.", TUE,
     [("capture", "Tadmur", "claimed", None)], []),
    ("fell_silent", "Kunduz fell silent after the clashes.", TUE, [], [("capture", "Kunduz")]),
    ("prices_fell", "Prices in Kunduz fell sharply.", TUE, [], [("capture", "Kunduz")]),
    ("occupied_adjective", "The prisoners were driven to the occupied West Bank city of Ramallah.", TUE, [],
     [("capture", "Ramallah")]),
    ("entered_town", "Rebels entered the town of Gao on Sunday.", TUE, [("attack", "Gao", "asserted", "2015-03-01")],
     [("capture", "Gao")]),
    ("left_dead", "An Israeli strike on Nabatieh left nine dead.", TUE, [("killing", "Nabatiye et Tahta", "asserted", None)],
     []),
    ("prisoners_escaped", "Around 400 prisoners escaped from a prison near Tripoli, police said.", TUE,
     [("prison_release", "Tripoli", "asserted", None)], []),
    ("began_to_withdraw", "Rebels have begun to withdraw from the city of Goma.", TUE,
     [("withdrawal", "Goma", "asserted", None)], []),
    ("fighters_left", "Al-Shabab fighters left the city of Kismayo early Saturday.", TUE,
     [("withdrawal", "Kismayo", "asserted", "2015-02-28")], []),
    ("pulled_out", "Al-Shabab rebels pulled out of Mogadishu on Saturday.", TUE,
     [("withdrawal", "Mogadishu", "asserted", "2015-02-28")], []),
    ("the_loss_of", "The loss of Bakhmut was a blow to Kyiv.", TUE, [("capture", "Bakhmut", "asserted", None)], []),
    ("control_of_on_the_verb", "Russian forces took control of Nova Kakhovka.", TUE,
     [("capture", "Nova Kakhovka", "asserted", None)], []),
    ("giving_control", "The advance gave the rebels complete control of Kunduz.", TUE,
     [("capture", "Kunduz", "asserted", None)], []),
    ("without_admitting", "GNA forces entered part of Gharyan without admitting the loss of the town.", TUE,
     [("capture", "Gharyan", "denied", None)], []),
    # places
    ("river_of_a_town's_name", "Ukrainian forces crossed the Dnipro river and attacked near Kherson.", TUE, [],
     [("attack", "Dnipro")]),
    ("oblast", "Russian forces shelled the Kherson oblast on Monday.", TUE, [("attack", "Kherson", "asserted", None)],
     []),
    ("distance_lemma_southwest", "Rebels entered Gharyan, 100 kilometres southwest of Tripoli.", TUE,
     [("attack", "Gharyan", "asserted", None)], [("attack", "Tripoli")]),
    ("dateline_caps", "BAGHDAD — Militants seized the city of Mosul on Tuesday.", TUE, [("capture", "Mosul", "asserted", None)],
     [("capture", "Baghdad")]),
    ("distance_landmark", "Rebels seized the town of Rutshuru, 70 km north of Goma.", TUE,
     [("capture", "Rutshuru", "asserted", None)], [("capture", "Goma")]),
    ("capital_of_province", "Rebels captured the capital of Anbar province.", TUE, [("capture", "Ramadi", "asserted", None)],
     [("capture", "Baghdad")]),
    ("capital_apposition", "Militants seized the city of Ramadi, capital of Iraq's largest province.", TUE,
     [("capture", "Ramadi", "asserted", None)], [("capture", "Baghdad")]),
    ("country_president_then_capital",
     "Central African Republic President Francois Bozize fled as rebels seized the capital.", TUE,
     [("capture", "Bangui", "asserted", None)], []),
    ("region_city_of", "Israeli forces killed two people in the southern Gaza Strip city of Khan Younis.", TUE,
     [("killing", "Khan Yunis", "asserted", None)], [("killing", "Gaza Strip")]),
    ("listed_towns", "Rebels took control of Sake, Minova and Kalehe.", TUE,
     [("capture", "Sake", "asserted", None), ("capture", "Minova", "asserted", None),
      ("capture", "Kalehe", "asserted", None)], []),
    ("pronoun_of_the_speaking_force", "Ukraine's army said on Wednesday that it had withdrawn from the eastern "
     "town of Vuhledar.", TUE, [("withdrawal", "Vuhledar", "asserted", None)], []),
    ("they_in_what_militants_say", "Islamist militants in Somalia say they have withdrawn from their southern "
     "stronghold of Kismayo.", TUE, [("withdrawal", "Kismayo", "asserted", None)], []),
    ("residents_who_left_did_not_withdraw", "Residents said they left the town of Kismayo.", TUE, [],
     [("withdrawal", "Kismayo")]),
    ("withdrew_after_an_attack", "Militants withdrew from Kismayo following an assault by Kenyan forces.", TUE,
     [("withdrawal", "Kismayo", "asserted", None), ("attack", "Kismayo", "asserted", None)], []),
    ("group_named_like_a_place", "Islamists seized the town of Gao following clashes with Tuareg rebels.", TUE,
     [("capture", "Gao", "asserted", None)], [("attack", "Tuareg")]),
    ("possessive_is_not_the_name", "The death of the two leaders led to Marawi's liberation, the army said.", TUE,
     [("recapture", "Marawi City", "asserted", None)], []),
    ("names_before_a_plural_place_noun", "Troops torched Wa Yar and Ywar Thit villages on December 27.", TUE,
     [("attack", "Wa Yar", "asserted", None), ("attack", "Ywar Thit", "asserted", None)], []),
    ("town_comma_region_is_no_list", "Fighting in the area of Robotyne, Zaporizhzhia region, continues.", TUE,
     [("attack", "Robotyne", "asserted", None)], [("attack", "Zaporizhzhia")]),
    ("they_is_the_force_before", "French and Malian troops have been pushing north in their offensive against "
     "Islamist rebels. On Saturday, they seized Gao.", date(2013, 1, 28),
     [("recapture", "Gao", "asserted", "2013-01-26")], [("capture", "Gao")]),
    ("they_too_far_back", "Malian troops pushed north. The weather was hot. Many roads were closed. "
     "On Saturday, they seized Gao.", date(2013, 1, 28), [("capture", "Gao", "asserted", "2013-01-26")], []),
    ("place_in_the_next_sentence", "Several people were killed in an attack by militants. The militants attacked "
     "Palma town in Cabo Delgado province.", TUE, [("killing", "Palma", "asserted", None)], []),
    # (in an article about more than one city: one about a single city places it there, see story_city)
    ("no_place_two_sentences_on", "Several people were killed in an attack by militants. The weather was hot. "
     "The militants attacked Palma town and Pemba.", TUE, [], [("killing", "Palma")]),
    ("withdrawing_troops", "Ukraine's military chief says he's withdrawing troops from the city of Avdiivka in "
     "eastern Ukraine.", TUE, [("withdrawal", "Avdiyivka", "asserted", None)], []),
    ("its_troops_is_no_place", "The Ukraine government has started pulling back its military troops from the "
     "strategic town of Debaltseve.", TUE, [("withdrawal", "Debaltseve", "asserted", None)], []),
    ("fled_toward_another_town", "Haftar's fighters fled toward Jufra as government forces entered Tarhuna.", TUE,
     [("attack", "Tarhuna", "asserted", None)], [("withdrawal", "Al Jufrah")]),
    ("evacuation_order", "Ukrainian authorities on Monday ordered families with children to urgently evacuate the "
     "eastern city of Pokrovsk.", TUE, [("evacuation", "Pokrovsk", "asserted", "2015-03-02")], []),
    ("an_aim_is_still_no_taking", "Authorities ordered troops to retake Pokrovsk.", TUE, [], [("recapture", "Pokrovsk")]),
    ("may_have_fled", "The UN said a third of Palmyra's 200,000 residents may have fled the fighting in the past "
     "few days.", TUE, [("displacement", "Tadmur", "claimed", None)], []),
    ("may_capture_is_a_plan", "Rebels may capture Palmyra soon.", TUE, [], [("capture", "Palmyra")]),
    ("including_after_a_place", "The shelling was reported from all along the LoC in Poonch, including Balakote, "
     "Mendhar and Gulpur, they said.", TUE, [("attack", "Mendhar", "asserted", None), ("attack", "Gulpur", "asserted", None)], []),
    ("capital_and_the_towns_of", "Azerbaijan launched an artillery attack on numerous settlements, including the "
     "capital Stepanakert, the towns of Martakert, Shushi and Hadrut.", TUE,
     [("attack", "Hadrut", "asserted", None), ("attack", "Shusha", "asserted", None)], []),
    ("taken_name_the_model_mislabels", "Her comments came in response to the statement that the Azerbaijani "
     "troops had allegedly captured Hadrut.", TUE, [("capture", "Hadrut", "claimed", None)], []),
    ("a_person_named_in_full_is_no_place", "Abu Bakr al-Baghdadi led the group for years. Troops captured "
     "Baghdadi on Monday.", TUE, [], [("capture", "Baghdadi")]),
    ("still_in_our_hands", "They made an attempt to capture the town, but they were defeated. Malakal is still "
     "in our hands, the rebel spokesman told Reuters.", TUE, [("capture", "Malakal", "denied", None)], []),
    ("under_control_is_no_denial", "Kunduz is under Taliban control.", TUE, [("capture", "Kunduz", "asserted", None)],
     []),
    ("held_until_is_no_taking", "Slovyansk had been the site of intense fighting, and until Saturday, it had "
     "appeared to be one of the cities most firmly in rebel hands.", TUE, [], [("capture", "Slovyansk")]),
    ("since_a_taking_is_a_recap", "The withdrawal marks the biggest change on the front lines since Moscow troops "
     "captured Bakhmut in May 2023.", date(2024, 2, 17), [("capture", "Bakhmut", "asserted", "2023-05-01")], []),
    ("trying_to_capture", "Syrian troops have been trying to capture Daraya for weeks but have faced strong "
     "resistance.", TUE, [("attack", "Darayya", "asserted", None)], [("capture", "Darayya")]),
    ("seeking_territory_is_no_place", "Assad seeks to recapture rebel-held territory in the northwest.", TUE, [],
     [("attack", "Idlib")]),
    ("part_of_a_place_held", "Libyan rebel forces now control about 60 percent of Sirte, rebel military "
     "commanders confirmed here Thursday.", TUE, [("attack", "Sirte", "asserted", None)], [("capture", "Sirte")]),
    # (the speaker's side, the government's forces, holds its own town: a retaking)
    ("the_takers_word_is_a_claim", "“Gharyan is under our total control,” a spokesman for the government's forces "
     "told AFP on Wednesday.", TUE, [("recapture", "Gharyan", "claimed", None)], [("capture", "Gharyan")]),
    ("our_forces_took", "“Our forces took control of Berdale,” he said.", TUE, [("capture", "Berdale", "claimed", None)],
     []),
    ("capital_for_its_government", "Militants seized control of Iraq's second-largest city on Tuesday in a brazen "
     "operation that underscored the weakness of the Baghdad government. Hours after government forces fled Mosul, "
     "the prime minister spoke.", TUE, [("capture", "Mosul", "asserted", None)], [("capture", "Baghdad")]),
    ("capital_that_fought_an_offensive", "Ukrainian troops have withdrawn from the city of Avdiivka, handing Russia "
     "its biggest symbolic victory following Kyiv's failed summer counteroffensive.", TUE,
     [("withdrawal", "Avdiyivka", "asserted", None)], [("attack", "Kyiv")]),
    ("according_to_a_capital", "The incursion led to the evacuation of more than 120,000 civilians in the Kursk "
     "region, according to Kyiv.", TUE, [], [("evacuation", "Kyiv")]),
    ("towns_of_a_list", "Islamic State group fighters seized the towns of Hit and neighboring Kubaisa.", TUE,
     [("capture", "Hit", "asserted", None), ("capture", "Kubaisa", "asserted", None)], []),
    ("town_in_apposition", "Ethiopian and Eritrean forces have reportedly captured Shire, a sizeable town along the "
     "main road to Axum.", TUE, [("recapture", "Inda Silase", "claimed", None)], [("capture", "Axum")]),
    ("settlements_with_a_known_word", "The information spread by Armenia about the shelling of the settlements of "
     "Agdere, Khojavend, and Girmizi Bazar by the Azerbaijani army isn't true, the ministry said.", TUE,
     [("attack", "Agdere", "denied", None), ("attack", "Girmizi Bazar", "denied", None)], []),
    ("town_the_gazetteer_lacks", "Islamists seized the town of Diabaly on Monday.", TUE,
     [("capture", "Diabaly", "asserted", "2015-03-02")], []),
    ("centre_of_city", "Turkish-backed rebels seized the centre of Afrin on Sunday.", TUE,
     [("capture", "Afrin", "asserted", None)], [("attack", "Afrin")]),
    ("government_centre_is_a_facility", "Iraqi forces seized the government complex in Ramadi.", TUE,
     [("attack", "Ramadi", "asserted", None)], [("recapture", "Ramadi"), ("capture", "Ramadi")]),
    # who took it: a state's own forces take back, a foreign army captures
    ("own_state_forces", "Iraqi forces seized the northern city of Tikrit on Monday.", TUE,
     [("recapture", "Tikrit", "asserted", None)], [("capture", "Tikrit")]),
    ("foreign_forces", "Russian forces captured the town of Avdiivka.", date(2024, 2, 17),
     [("capture", "Avdiyivka", "asserted", None)], [("recapture", "Avdiyivka")]),
    ("foreign_army_liberates", "Russian forces liberated the town of Vuhledar.", date(2024, 10, 4),
     [("capture", "Vuhledar", "asserted", None)], [("recapture", "Vuhledar")]),
    ("own_army_liberates", "Ukrainian forces liberated the city of Kherson.", date(2023, 5, 1),
     [("recapture", "Kherson", "asserted", None)], [("capture", "Kherson")]),
    ("surrendered_to", "Government troops surrendered Qalat to the Taliban on Thursday.", date(2021, 8, 14),
     [("capture", "Qalat", "asserted", "2021-08-12")], [("recapture", "Qalat")]),
    # dates: chained to the event dated last; a recap is background
    ("a_day_later", "Rebels seized Kunduz on Monday. A day later, they captured Taloqan.", TUE,
     [("capture", "Kunduz", "asserted", "2015-03-02"), ("capture", "Taloqan", "asserted", "2015-03-03")], []),
    ("hours_later", "Rebels stormed Kunduz on March 1. Hours later, the city fell.", TUE,
     [("capture", "Kunduz", "asserted", "2015-03-01")], []),
    ("quote_this_morning", "\"We took the city of Kunduz this morning,\" a Taliban spokesman said on Friday.",
     date(2021, 8, 14), [("capture", "Kunduz", "claimed", "2021-08-13")], []),
    ("running_total", "The number of provincial capitals seized by the Taliban has reached 14, including Kunduz and "
     "Herat.", TUE, [], [("capture", "Kunduz"), ("capture", "Herat")]),
    ("death_toll_is_no_tally", "The death toll from an Israeli strike on Nabatieh has risen to 10.", TUE,
     [("killing", "Nabatiye et Tahta", "asserted", None)], []),
    # a recap keeps its own month, so no day (the publication day above all) claims it
    ("recap_last_month", "Tikrit fell to IS militants last June.", TUE, [("capture", "Tikrit", "asserted", "2014-06-01")], []),
    ("recap_does_not_date_the_fall", "The fall of Raqqa is a blow to IS. IS took over Raqqa in January 2014.", TUE,
     [("capture", "Raqqa", "asserted", TUE.isoformat()), ("capture", "Raqqa", "asserted", "2014-01-01")], []),
    ("recap_since_year", "Aleppo has been under rebel control since 2012.", TUE, [], [("capture", "Aleppo")]),
    # polarity
    ("played_down", "The army played down reports that Kunduz had fallen.", TUE, [("capture", "Kunduz", "denied", None)], []),
    ("claim_called_false", "The rebels' claim that they had captured Saraqeb was false, a military source said.", TUE,
     [("capture", "Saraqib", "denied", None)], []),
    ("curly_negation", "Reports that rebels had captured Saraqeb isn’t true, a military source said.", TUE,
     [("capture", "Saraqib", "denied", None)], []),
    ("no_confirmation", "There was no immediate confirmation of Bunagana's fall from the military.", TUE,
     [("capture", "Bunagana", "claimed", None)], []),
    # the places an indefinite noun exemplifies; a target object with the place on the verb; a place's state
    ("including_examples", "Rebels seized several towns, including Sake and Minova, on Monday.", TUE,
     [("capture", "Sake", "asserted", "2015-03-02"), ("capture", "Minova", "asserted", "2015-03-02")], []),
    ("target_then_place", "Militants attacked army positions in several towns including Gao on Monday.", TUE,
     [("attack", "Gao", "asserted", "2015-03-02")], []),
    ("leaving_dead_after_said", "Jihadists ambushed troops on Monday near the town of Djibo, a security source said, "
     "leaving four dead.", TUE, [("killing", "Djibo", "asserted", None)], []),
    ("killed_in_a_strike_on", "Four people were killed in an Israeli strike on Barja in the Shouf district.", TUE,
     [("killing", "Barja", "asserted", None)], [("killing", "Shouf")]),
    ("date_hung_on_the_subject", "Islamic State on Sunday seized control of the city of Ramadi.", TUE,
     [("capture", "Ramadi", "asserted", "2015-03-01")], []),
    ("force_dislodged", "Boko Haram seized Damasak after dislodging the troops in the town.", TUE,
     [("capture", "Damasak", "asserted", None), ("withdrawal", "Damasak", "asserted", None)], []),
    ("many_of_the_rebels_fled", "Five soldiers were killed in Kismayo before many of the rebels fled.", TUE,
     [("withdrawal", "Kismayo", "asserted", None)], []),
    ("began_a_withdrawal", "Rebels began a withdrawal from Goma on Sunday.", TUE,
     [("withdrawal", "Goma", "asserted", "2015-03-01")], []),
    ("under_the_control_of_forces", "The governor says Tikrit is now under the control of Iraqi forces.", TUE,
     [("recapture", "Tikrit", "asserted", None)], [("capture", "Tikrit")]),
    ("abandoned_their_homes", "Hundreds of residents were forced to abandon their homes in the town of Kismayo.", TUE,
     [("displacement", "Kismayo", "asserted", None)], [("withdrawal", "Kismayo")]),
    ("tens_of_thousands_of_people", "Air strikes displaced tens of thousands of people from Saraqib.", TUE,
     [("displacement", "Saraqib", "asserted", None)], []),
    ("months_of_fighting", "Iraqi forces retook Mosul after nine months of fierce fighting.", TUE,
     [("recapture", "Mosul", "asserted", None)], [("attack", "Mosul")]),
    ("hours_of_fighting", "After hours of heavy fighting on Monday, rebels entered the town of Gao.", TUE,
     [("attack", "Gao", "asserted", "2015-03-02")], []),
    ("centre_of_x_city", "Rebels have seized the centre of Afrin city, officials said on Monday.", TUE,
     [("capture", "Afrin", "asserted", None)], [("attack", "Afrin")]),
    ("where_control_was_declared", "The president fled the capital Bangui, where rebels declared control on Sunday.",
     TUE, [("capture", "Bangui", "asserted", "2015-03-01")], []),
    ("on_the_brink_of_taking", "The rebels appeared to be on the brink of taking Goma.", TUE, [],
     [("capture", "Goma")]),
    ("takeover_without_owner", "City officials in Donetsk worked on despite the pro-Russian takeover.", TUE, [],
     [("capture", "Donetsk")]),
    ("its_capture", "Kunduz fell on Monday; its capture was a blow to the government.", TUE,
     [("capture", "Kunduz", "asserted", "2015-03-02")], []),
    ("militia_in_control_of", "The militia in control of the capital Tripoli thrust eastwards on Monday.", TUE, [],
     [("capture", "Tripoli")]),
    ("coalition_with_the_home_state", "Rwandan and Mozambican troops have seized the port city of Mocimboa da Praia.",
     TUE, [("recapture", "Mocimboa da Praia", "asserted", None)], [("capture", "Mocimboa da Praia")]),
    ("state_in_relative_clause", "Taking Herat, which has been under siege for weeks, is a major win.", TUE, [],
     [("attack", "Herat")]),
    # forces made to leave: object control, driven/pushed/flushed out, a place noun naming an unknown town
    ("forced_to_retreat", "The Islamists forced the rebels to retreat from the town of Gao on Wednesday.", TUE,
     [("withdrawal", "Gao", "asserted", "2015-02-25")], []),
    ("driving_out", "Rebels declared victory in Bor, driving out government troops stationed there.", TUE,
     [("withdrawal", "Bor", "asserted", None), ("recapture", "Bor", "asserted", None)], []),
    ("pushed_from", "The fighters pushed Ethiopian government forces from Dessie and were headed towards the town of "
     "Kombolcha.", TUE, [("withdrawal", "Dessie", "asserted", None)], [("withdrawal", "Kombolcha")]),
    ("driven_out_passive", "The terrorists had been driven out of the town of Palma last weekend.", TUE,
     [("withdrawal", "Palma", "asserted", None)], []),
    ("town_of_unknown_name", "Malian soldiers pushed back rebel fighters from the central town of Konna, while "
     "French jets hit targets in Gao.", TUE, [("withdrawal", "Konna", "asserted", None)], [("withdrawal", "Gao")]),
    ("village_called", "The attack took place in a village called Kankanfogouol.", TUE,
     [("attack", "Kankanfogouol", "asserted", None)], []),
    # weapons and impacts, forces moving into a place, an attempt
    ("weapon_detonated", "The ELN detonated a car bomb at a police academy in Bogota in 2019.", TUE,
     [("attack", "Bogota", "asserted", None)], []),
    ("opened_fire_at", "They accused the army of opening fire at Stepanakert on Thursday.", TUE,
     [("attack", "Khankendi", "asserted", "2015-02-26")], []),
    ("planes_hit_targets", "French fighter planes hit rebel targets in the cities of Gao and Kidal.", TUE,
     [("attack", "Gao", "asserted", None), ("attack", "Kidal", "asserted", None)], []),
    ("prices_hit", "Prices in Gao hit a record high.", TUE, [], [("attack", "Gao")]),
    ("broke_into", "Russian forces managed to break into Robotyne.", TUE, [("attack", "Robotyne", "asserted", None)], []),
    ("slipped_into_the_city", "Armed men slipped into the city of Marawi on Tuesday.", TUE,
     [("attack", "Marawi City", "asserted", "2015-03-03")], []),
    ("attempt_to_capture", "They made an attempt to capture the town of Malakal around 1pm.", TUE,
     [("attack", "Malakal", "asserted", None)], [("capture", "Malakal")]),
    ("settlements_of_a_list", "The Azerbaijani army shelled the settlements of Agdere, Khojavend, and Girmizi Bazar.",
     TUE, [("attack", "Agdere", "asserted", None), ("attack", "Girmizi Bazar", "asserted", None)], []),
    ("flag_planted", "Tuareg rebels planted their flag in the desert town of Timbuktu.", TUE,
     [("capture", "Timbuktu", "asserted", None)], []),
    ("dated_event_noun_is_given", "The capture of Afrin by Turkish-led fighters on Sunday could have major "
     "repercussions.", TUE, [("capture", "Afrin", "asserted", "2015-03-01")], []),
    ("undated_event_noun_is_supposed", "The capture of Afrin would be a major victory for Ankara.", TUE, [],
     [("capture", "Afrin")]),
    ("bare_number_fled", "In recent days thousands have fled Bor fearing a counterattack by rebels.", TUE,
     [("displacement", "Bor", "asserted", None)], [("withdrawal", "Bor")]),
    ("number_of_soldiers_fled", "Hundreds of soldiers fled the town of Bor.", TUE,
     [("withdrawal", "Bor", "asserted", None)], [("displacement", "Bor")]),
    ("unknown_township", "At least 20,000 residents fled their homes in southern Kantbalu Township, Sagaing Region.",
     TUE, [("displacement", "Kantbalu", "asserted", None)], []),
    ("claimed_the_lives", "Israeli airstrikes on buildings in the city of Nabatieh claimed the lives of 16 people.", TUE,
     [("killing", "Nabatiye et Tahta", "asserted", None)], []),
    ("lost_their_lives", "Two others lost their lives in Rajouri on the Line of Control.", TUE,
     [("killing", "Rajouri", "asserted", None)], [("capture", "Rajouri")]),
    ("direction_places_a_village", "An Israeli strike on Maaysra, a village in a mountain area north of Beirut, left "
     "nine dead.", TUE, [], [("killing", "Beirut"), ("attack", "Beirut")]),
    ("drove_out_of_prep", "French and Malian troops drove the militants out of Gao, the largest city in northern Mali.",
     TUE, [("recapture", "Gao", "asserted", None), ("withdrawal", "Gao", "asserted", None)], []),
    ("drove_people_out", "They have driven 500,000 out of Mosul, Iraq's second city.", TUE, [],
     [("recapture", "Mosul"), ("capture", "Mosul")]),
    ("seat_unknown_town_known", "The Azerbaijani Army earlier liberated Fuzuli city, Hadrut town and dozens of villages.",
     TUE, [("recapture", "Fuzuli", "asserted", None)], []),
    ("statement_day_on_the_post", "That followed a social media post on Saturday by Wagner leader Yevgeny Prigozhin saying that his "
     "troops have taken Bakhmut.", date(2023, 5, 22), [("capture", "Bakhmut", "asserted", "2023-05-20")], []),
    # a denial that points back at the report before it
    ("refutes_that_claim", "Russia's defense ministry says its forces have taken full control of the Ukrainian city of "
     "Bakhmut.  But Ukraine refutes that claim, saying that the fighting there is ongoing.", TUE,
     [("capture", "Bakhmut", "asserted", None), ("capture", "Bakhmut", "denied", None)], []),
    ("denied_the_claims", "The head of Wagner has claimed his forces have taken control of the city of Bakhmut.  "
     "Ukrainian defence officials have denied the claims.", TUE, [("capture", "Bakhmut", "denied", None)], []),
    ("a_report_dismissed_by", "South Sudan's president said his soldiers had seized the regional capital Malakal back "
     "from rebels on Monday, a report dismissed by insurgents.", TUE, [("recapture", "Malakal", "denied", None)], []),
    # a sentence that names no place goes on about the event just before it
    ("discourse_place", "The militants attacked the town of Palma on Wednesday.  Several foreigners were killed.", TUE,
     [("killing", "Palma", "asserted", None)], []),
    ("discourse_not_over_a_named_country", "Rebels seized Kunduz on Sunday.  More than 1,000 civilians have been "
     "killed in Afghanistan in the past month.", TUE, [("capture", "Kunduz", "asserted", None)], [("killing", "Kunduz")]),
    ("discourse_only_from_the_sentence_before", "Rebels attacked Kunduz and Taloqan on Sunday.  The weather was "
     "cold.  The talks stalled.  Several people were killed.", TUE, [], [("killing", "Kunduz")]),
    ("seized_control_of_a_prison", "Rebel fighters in Syria seized control of a major prison in war-torn Aleppo on "
     "Thursday.", TUE, [("attack", "Aleppo", "asserted", None)], [("capture", "Aleppo")]),
    ("announced_an_attack_to_capture", "Haftar announced an attack against Tripoli on April 4 to capture the capital.",
     TUE, [("attack", "Tripoli", "claimed", None)], [("capture", "Tripoli")]),
    ("forced_a_group_to_beat_a_retreat", "An Islamist faction burst into buildings in the city of Gao, forcing the "
     "secular rebel group in charge to beat a retreat.", TUE, [("withdrawal", "Gao", "asserted", None)], []),
    ("command_ordered_a_retreat", "The military command of Shabab mujahideen ordered a tactical retreat from Kismayo at "
     "midnight.", TUE, [("withdrawal", "Kismayo", "asserted", None)], []),
    ("inmates_being_freed", "Officials confirmed two jailbreaks in Marawi that resulted in 107 inmates being freed.", TUE,
     [("prison_release", "Marawi City", "asserted", None)], [("recapture", "Marawi City")]),
    ("setting_free_the_prisoners", "Boko Haram members blew up the prison in Gwoza, setting free all the prisoners.",
     TUE, [("prison_release", "Gwoza", "asserted", None)], []),
    ("a_side_says_where", "Pro-Russian separatists in Mariupol said five members of their group had been killed in "
     "fighting.", TUE, [("killing", "Mariupol", "asserted", None)], []),
    ("an_official_says_from_elsewhere", "Officials in Kyiv said five soldiers had been killed in fighting.", TUE, [],
     [("killing", "Kyiv")]),
    ("town_of_a_known_name_in_a_longer_entity", "Bolstered by U.S. airstrikes, Iraqi ground forces have recaptured the "
     "southwestern town of Rutba after Islamic State fighters who had occupied the town for nearly two years fled or "
     "put up only light resistance, U.S. military officers said Friday, May 20, according to the Associated Press.", TUE,
     [("recapture", "Ar Rutbah", "asserted", None), ("withdrawal", "Ar Rutbah", "asserted", None)],
     [("capture", "Ar Rutbah"), ("prison_release", "Ar Rutbah")]),
    ("capitalised_plural_force", "The Islamists caused damages in Timbuktu before leaving.", TUE,
     [("withdrawal", "Timbuktu", "asserted", None)], []),
    # names with a lowercase article ("el-Fasher", "al-Qaim") and places a distance or direction only locates
    ("hyphened_article_name", "The RSF seized el-Fasher and the town of al-Qaim on Sunday.", TUE,
     [("capture", "El Fasher", "asserted", "2015-03-01"), ("capture", "Al Qaim", "asserted", "2015-03-01")], []),
    ("distance_from_a_town", "An Israeli strike hit Deir Billa, some 15 kilometres (nine miles) from the town of "
     "Batroun.", TUE, [("attack", "Deir Billa", "asserted", None)], [("attack", "Batroun")]),
    # a town the gazetteer lacks is in the country of the article's other places: its own army retakes it
    ("unknown_town_at_home", "Fighting raged near Stepanakert and Fuzuli. The Azeri forces have captured Hadrut.",
     TUE, [("recapture", "Hadrut", "asserted", None)], [("capture", "Hadrut")]),
    ("unknown_town_places_abroad", "Fighting raged near Kyiv. The Azeri forces have captured Hadrut.",
     TUE, [("capture", "Hadrut", "asserted", None)], [("recapture", "Hadrut")]),
    # people on the spot say where it happened, even in a town the gazetteer lacks
    ("witnesses_in_an_unknown_town", "Witnesses in Berdale told AFP that al-Shabaab withdrew late Tuesday.", TUE,
     [("withdrawal", "Berdale", "asserted", "2015-03-03")], []),
    ("a_civilian_inside", "A civilian inside Afrin said that the YPG militia had withdrawn.", TUE,
     [("withdrawal", "Afrin", "asserted", None)], []),
    # a clause or noun after "a day after" is a day before the clause it follows
    ("a_day_after_taking", "The rebels captured Gao on Saturday, a day after taking Kidal.", TUE,
     [("capture", "Gao", "asserted", "2015-02-28"), ("capture", "Kidal", "asserted", "2015-02-27")], []),
    ("two_days_after_the_fall", "The rebels entered Gao on Saturday, two days after the fall of Kidal.", TUE,
     [("attack", "Gao", "asserted", "2015-02-28"), ("capture", "Kidal", "asserted", "2015-02-26")], []),
    ("came_a_day_after", "Rebels entered Gao on Saturday. The attack came a day after the rebels seized the town of "
     "Kidal.", TUE, [("attack", "Gao", "asserted", "2015-02-28"), ("capture", "Kidal", "asserted", "2015-02-27")],
     [("attack", "Kidal")]),
    ("own_date_wins_after_a_day_after", "Rebels entered Gao on Saturday, a day after they seized Kidal on Thursday.",
     TUE, [("capture", "Kidal", "asserted", "2015-02-26")], []),
    ("forces_in_control_of", "Syrian regime forces are in full control of the town of Saraqib.", TUE,
     [("recapture", "Saraqib", "asserted", None)], [("capture", "Saraqib")]),
    # an armed group's "liberation" of a town is its capture; a state's forces at home retake
    ("rebels_liberated", 'The rebel alliance said it had "liberated" the city of Hama on Thursday.', TUE,
     [("capture", "Hama", "asserted", "2015-02-26")], [("recapture", "Hama")]),
    ("state_liberated", "Ukrainian forces liberated Kherson.", TUE, [("recapture", "Kherson", "asserted", None)],
     [("capture", "Kherson")]),
    # a division the article's towns lie in is their wider area; one whose seat shares its name is the seat
    ("division_of_the_towns", "On June 24, the militants launched an offensive in Anbar province, capturing several "
     "towns, including Rutba.", TUE, [("capture", "Ar Rutbah", "asserted", None)], [("attack", "Anbar")]),
    ("division_named_like_its_seat", "Government forces attacked rebels in Idlib province on Monday.", TUE,
     [("attack", "Idlib", "asserted", "2015-03-02")], []),
    # a toll officials give goes on about the event just before
    ("officials_give_a_toll", "Troops seized Afgoye on Friday. Officials say 20 militants were killed in the "
     "operation.", TUE, [("killing", "Afgooye", "asserted", None)], []),
    # displaced people: where they are from, and a count "since" a month is a recap, not a state
    ("residents_of_who_fled", "Residents of Kunduz, who fled by boat to neighbouring Tajikistan, said many people had "
     "been killed.", TUE, [("displacement", "Kunduz", "asserted", None)], [("displacement", "Tajikistan")]),
    ("displaced_since_a_month", "The UN said 35,000 people had been displaced by the Houthi advance on Marib city since "
     "September.", date(2021, 11, 11), [("displacement", "Ma'rib", "asserted", "2021-09-01")], []),
    ("people_displaced_from", "People displaced from Palma arrived by boat.", TUE,
     [("displacement", "Palma", "asserted", None)], []),
    ("facility_named_for_its_city", "Forces aligned with Haftar captured the former Tripoli International Airport.",
     TUE, [("attack", "Tripoli", "asserted", None)], [("capture", "Tripoli")]),
    # people evacuated from where their noun phrase puts them, not where they were taken
    ("evacuated_staff_in", "The mission said all its civilian staff in Bor had been evacuated to Juba.", TUE,
     [("evacuation", "Bor", "asserted", None)], [("evacuation", "Juba")]),
    ("the_citys_population_evacuated", "Fighters withdrew from Palmyra on Wednesday. Most of the city's civilian "
     "population had been evacuated before the withdrawal.", TUE, [("evacuation", "Tadmur", "asserted", None)], []),
    # an article about one city: what the text places nowhere happened there (not a kind of event a noun names)
    ("story_city", "The army says it has regained control of Kismayo. A rebel spokesman said: \"We withdrew to avoid "
     "civilian casualties.\"", TUE, [("withdrawal", "Kismayo", "asserted", None)], []),
    ("story_city_not_a_kind_of_event", "The rebels hold Kismayo. They support punishments such as public "
     "executions.", TUE, [], [("killing", "Kismayo")]),
    ("attack_helicopters", "The town of Goma fell at 11.33 local time, despite the attack helicopters.", TUE,
     [("capture", "Goma", "asserted", None)], [("attack", "Goma")]),
    # the fight a taking was won by is part of the taking
    ("seized_in_fierce_fighting", "Rebels seized the riverside capital Bangui in fierce fighting on Sunday.", TUE,
     [("capture", "Bangui", "asserted", "2015-03-01")], [("attack", "Bangui")]),
    ("took_after_attacking_it", "GNA forces seized control of Tarhuna city after attacking it from four axes.", TUE,
     [("recapture", "Tarhuna", "asserted", None)], [("attack", "Tarhuna")]),
    ("attack_then_capture_stay_two", "Rebels attacked Gao on Monday and seized Kidal on Tuesday.", TUE,
     [("attack", "Gao", "asserted", None), ("capture", "Kidal", "asserted", None)], []),
    ("unknown_name_before_city", "GNA forces seized control of Wishtata city.", TUE,
     [("capture", "Wishtata", "asserted", None)], []),
    ("ordered_to_retreat", "Islamic State seized control of Ramadi on Sunday after military officials ordered "
     "security forces in the city to retreat.", TUE, [("withdrawal", "Ramadi", "asserted", None)], []),
    ("dead_were_left_by", "On Wednesday, two dead were left by the explosion of a car bomb in Nabatieh.", TUE,
     [("killing", "Nabatiye et Tahta", "asserted", "2015-02-25")], []),
    # "the Syrian capital" (a demonym names its state), "the Gezira state capital" (the seat, not the state)
    ("demonym_capital", "Rebels entered the Syrian capital on Sunday.", TUE, [("attack", "Damascus", "asserted",
     "2015-03-01")], []),
    ("division_state_capital", "The RSF seized the Gezira state capital on Saturday.", TUE,
     [("capture", "Wad Medani", "asserted", "2015-02-28")], [("capture", "Al Jazirah")]),
    ("a_nine_month_battle", "Iraq's prime minister declared victory in Mosul today, after a gruelling nearly "
     "nine-month battle against the Islamic State group.", TUE, [], [("attack", "Mosul")]),
    ("a_lull_in_fighting", "Khartoum residents reported a welcome lull in fighting in Sudan's capital on Saturday.",
     TUE, [], [("attack", "Khartoum")]),
    ("fighters_from_elsewhere", "Clashes erupted in Tripoli on Monday between government forces and militias from "
     "the nearby city of Tarhuna.", TUE, [("attack", "Tripoli", "asserted", "2015-03-02")], [("attack", "Tarhuna")]),
    ("denied_by_a_capital_is_no_place", "Activists say 280 civilians have died, although this is denied by Ankara.",
     TUE, [], [("killing", "Ankara")]),
    ("speaking_in", "Speaking in London, he said the Iraqi army had collapsed, with commanders fleeing north.", TUE,
     [], [("withdrawal", "London")]),
    # "It is the latest settlement to fall": the copula's subject is what fell, "it" the city just named
    ("latest_settlement_to_fall", "Russian forces entered Bakhmut on Sunday. It is the latest settlement to fall to "
     "the Russians.", TUE, [("capture", "Bakhmut", "asserted", None)], []),
    # a past relative clause is told as fact whatever intent or future is around its noun
    ("dash_apposition_fallen", "The army is trying to retake the town of Malakal - another state capital that has "
     "fallen to the rebels.", TUE, [("capture", "Malakal", "asserted", None)], []),
    ("past_relative_under_future", "The freed inmates will join the rebels, who seized Kidal on Sunday.", TUE,
     [("capture", "Kidal", "asserted", "2015-03-01")], []),
    ("infinitival_relative_stays_unreal", "Kidal would be the last town to be retaken by French forces.", TUE, [],
     [("recapture", "Kidal"), ("capture", "Kidal")]),
    # surrounding a town is a move, not yet a fight ("the chaos surrounding the coup": no event at all)
    ("surrounded_is_no_attack", "Rebel forces have surrounded the town of Sirte, southeast of Tripoli.", TUE, [],
     [("attack", "Sirte"), ("attack", "Tripoli")]),
    # the model's entity ran on into a verb ("Bentiu marks" an ORG): the town's name is still the town
    ("entity_ran_into_a_verb", "The recapturing of Bentiu marks the first phase of liberation.", TUE,
     [("recapture", "Bentiu", "asserted", None)], []),
    # "liberated A city, B town": the parser sets the second name's noun beside the first's; an unknown name
    # the model calls a people (NORP) is still a town before "town"
    ("name_city_name_town", "The army earlier liberated Jabrayil city, Hadrut town, a number of strategic heights "
     "and dozens of villages.", TUE, [("recapture", "Jabrayil", "asserted", None),
                                      ("recapture", "Hadrut", "asserted", None)], []),
    # a state's flag stands for its forces; a building's town is the place ("over City Hall in X")
    ("state_flag_over_a_building", "At 10:34 a.m., the Iraqi flag was raised over City Hall in Tikrit, the minister "
     "wrote.", TUE, [("recapture", "Tikrit", "asserted", None)], [("capture", "Tikrit")]),
    # "had to flee": an obligation in the past tells what happened
    ("had_to_flee", "Troops shelled Kunduz on Monday and residents of Kunduz had to flee.", TUE,
     [("displacement", "Kunduz", "asserted", None)], []),
    # people driven out of a place are displaced (a force driven out is a retaking)
    ("people_driven_out", "The militants have driven 300,000 out of Tikrit.", TUE,
     [("displacement", "Tikrit", "asserted", None)], [("recapture", "Tikrit"), ("withdrawal", "Tikrit")]),
    # buildings burned "in" a place: the attack is there
    ("houses_torched_in", "Soldiers also torched dozens of houses in nearby Kalar Luu and Shar Lwin villages on Monday, "
     "locals and media reports said.", TUE, [("attack", "Kalar Luu", "asserted", None),
                                             ("attack", "Shar Lwin", "asserted", None)], []),
    # a passive's agent ("left by the explosion of a bomb in the town of X") is where the toll was taken
    ("toll_left_by_an_agent", "On Wednesday, two dead and two injured were left by the explosion of a car bomb near "
     "a police station in the town of Jalalabad, in the province of Nangarhar.", TUE,
     [("killing", "Jalalabad", "asserted", None)], [("killing", "Nangarhar")]),
    # an event noun under "no" did not happen
    ("no_fighting", "There was no fighting inside the city of Kunduz on Monday, residents said.", TUE, [],
     [("attack", "Kunduz")]),
    # a taking told in the first person is done by the side the speaker speaks for
    ("our_forces_said_by_a_side", "“Our forces have total control of Kunduz,” a spokesman for the Afghan army "
     "told AFP.", TUE, [("recapture", "Kunduz", "claimed", None)], [("capture", "Kunduz")]),
    ("under_our_control_told", "“Sirte is under our total control,” Ali Musa, spokesman for forces loyal to the "
     "Government of National Accord (GNA), told AFP on Wednesday.", TUE, [("recapture", "Sirte", "claimed", None)],
     [("capture", "Sirte")]),
    # an actor the table calls a state's forces is that state's, however the text puts its name together
    ("forces_loyal_to_a_government", "Forces loyal to the Government of National Accord (GNA) took Sirte on Monday.", TUE,
     [("recapture", "Sirte", "asserted", None)], [("capture", "Sirte")]),
    ("defected_forces", "The defected SPLA forces seized Malakal on Monday.", TUE,
     [("capture", "Malakal", "asserted", None)], [("recapture", "Malakal")]),
    # the passive subject of "were forced to" is who retreats
    ("were_forced_to_retreat", "Ukrainian forces were forced to retreat from Luhansk on Monday.", TUE,
     [("withdrawal", "Luhansk", "asserted", "2015-03-02")], []),
    # people pouring into a town flee where they are from; forces pouring in attack
    ("residents_poured_into", "Hundreds of residents of Kunduz poured into Mazar-i-Sharif on Monday.", TUE,
     [("displacement", "Kunduz", "asserted", None)], [("attack", "Mazar-e-Sharif")]),
    # a past participle on a noun tells a fact, whatever the clause around the noun expects
    ("participle_under_expectation", "Boats are expected to arrive with people displaced from the town of Kunduz.",
     TUE, [("displacement", "Kunduz", "asserted", None)], []),
    ("any_evacuation", "The rebels have said they reject any evacuation from Douma.", TUE, [],
     [("evacuation", "Duma")]),
    # a relative clause on a place noun describes the place: no taking denied
    ("place_noun_that_remains_held", "Mariupol, one of the key cities in the Donetsk region that remains under "
     "government control, has a population of 500,000.", TUE, [], [("capture", "Donetsk"), ("capture", "Mariupol")]),
    ("city_that_remains_held", "Rebels shelled Kunduz, a city that remains under government control, on Monday.",
     TUE, [("attack", "Kunduz", "asserted", None)], [("capture", "Kunduz")]),
    # "the cities of A, B, C": the parser hangs B on A as an apposition and C on B
    ("cities_of_a_list", "In the early days Armenia launched missile attacks on Azerbaijani cities of Ganja, "
     "Mingachevir, Khizi as well as Absheron district.", TUE,
     [("attack", "Ganja", "asserted", None), ("attack", "Mingachevir", "asserted", None),
      ("attack", "Khizi", "asserted", None)], []),
    # where people flee to is not where they were displaced from
    ("fled_towards", "Thousands of residents fled Kunduz towards Mazar-i-Sharif.", TUE,
     [("displacement", "Kunduz", "asserted", None)], [("displacement", "Mazar-e-Sharif")]),
    # "X were reported in Y": the report's place is the event's (a passive say verb is no speaker's whereabouts)
    ("reported_in", "Clashes were reported in Sabha on Monday as government forces advanced from Tripoli.", TUE,
     [("attack", "Sabha", "asserted", "2015-03-02")], []),
    # "the district of Y, near X": X only says where Y is
    ("near_a_landmark", "Clashes were reported overnight in the district of al-Shati, near Sabha, in which two "
     "people were killed, officials said.", TUE, [("attack", "al-Shati", "asserted", None)], [("attack", "Sabha")]),
    # "hours after another town, Y, fell": the parser reads "after Y" as a phrase and "fell" as a second verb
    ("after_a_town_fell_misparsed", "Tuareg rebels in Mali have attacked the strategic town of Menaka with heavy "
     "weapons, hours after another town, Kidal, fell to them.", TUE, [("capture", "Kidal", "asserted", None)], []),
    # "control of A in P State and B in Q": the parser joins B to the province; the province's noun is no town
    ("list_split_by_provinces", "Last week the rebels made gains across the region, claiming control of Nyala in "
     "South Darfur State and El Daein in East Darfur.", TUE,
     [("capture", "Nyala", "claimed", None), ("capture", "El Daein", "claimed", None)], [("capture", "State")]),
    # what is hoped for, avoided or prevented did not happen ("hoped" is read "hop" by the small model)
    ("hoped_to_avoid", "Colonel Burkhard said the French hoped to avoid combat in Kunduz's historic old town.", TUE,
     [], [("attack", "Kunduz")]),
    ("avoided", "The commander said his men avoided fighting in Kunduz on Monday.", TUE, [], [("attack", "Kunduz")]),
    # a taking of part of a country has no town; another city of the sentence is not its place
    ("part_of_a_country", "Rebels seized control of the northern half of the nation of Chad in late March, taking "
     "advantage of the chaos created by a coup in N'Djamena, the capital.", TUE, [],
     [("attack", "N'Djamena"), ("capture", "N'Djamena")]),
    # the speaker's side is read from the speaker's words, not from the clause said (tokens compared by
    # position: spaCy builds a new Token object at every access)
    ("speaker_side_not_the_quote", "“The Taliban fighters fled and our forces have total control of Kunduz,” a "
     "spokesman for the Afghan army told AFP.", TUE, [("recapture", "Kunduz", "claimed", None)],
     [("capture", "Kunduz")]),
    # a town taken unnamed is the one the next sentence's subject names
    ("unnamed_town_named_next", "Government forces captured one of the largest rebel-held towns in the northwest "
     "on Wednesday. The town of Saraqib in Idlib province, which had been in rebel hands since 2012, sits on the "
     "main highway.", TUE, [("recapture", "Saraqib", "asserted", "2015-02-25")], []),
    # "the towns": the towns listed last
    ("the_towns_listed_before", "Government forces recaptured the towns of Dessie and Kombolcha on Monday. Rebel "
     "forces had taken control of the towns in October.", TUE,
     [("capture", "Dessie", "asserted", None), ("capture", "Kombolcha", "asserted", None)], []),
    # "the Dessie city and the corridor city, Kombolcha": the name set beside the second city noun
    ("city_and_city_named_beside", "The historic Dessie city and the trade and industry corridor city, Kombolcha, "
     "have been freed by the security forces.", TUE,
     [("recapture", "Dessie", "asserted", None), ("recapture", "Kombolcha", "asserted", None)], []),
    # "the town X", "the town of X": the noun says X is a town, whatever the model called the name
    ("the_town_name", "Resistance forces engaged in shootouts with junta troops in the mountainous town Kanpetlet on "
     "Friday. Two more fighters were killed in the fighting.", TUE,
     [("attack", "Kanpetlet", "asserted", "2015-02-27"), ("killing", "Kanpetlet", "asserted", "2015-02-27")], []),
    ("home_town_of_a_person", "The rebels have seized Tikrit, the home town of former leader Saddam Hussein.", TUE,
     [("capture", "Tikrit", "asserted", None)], [("capture", "Saddam Hussein")]),
    # "came a day after the rebels - ... - seized X": the parser loses the "after"; the taking is a day before,
    # and another event than "the attack"
    ("a_day_after_misparsed", "Rebels entered the town of Menaka on Saturday.\n\nThe attack came a day after the "
     "rebels - a loose alliance of\nseparatist nomad Tuaregs and local Islamists - seized the town\nof Kidal which is "
     "one of three main regional centres of the north.", TUE,
     [("capture", "Kidal", "asserted", "2015-02-27")], [("attack", "Kidal")]),
    ("a_day_after_on_the_mark", "Rebels entered the town of Menaka on Saturday. The attack came a day after the rebels "
     "- a loose alliance of nomads and Islamists - seized the town of Kidal.", TUE,
     [("capture", "Kidal", "asserted", "2015-02-27")], [("attack", "Kidal")]),
    # a taking with no date of its own was won on the day of the fighting it followed
    ("control_after_battles_on_a_day", "Rebel forces are in full control of Bentiu, the capital of Unity state, after "
     "two hours of fierce battles on Sunday morning with government troops, rebel sources say.", TUE,
     [("capture", "Bentiu", "asserted", "2015-03-01")], []),
    # "the rebels chose to make a withdrawal": whose it is, the subject of the verb the infinitive hangs on
    ("chose_to_make_a_withdrawal", "Rebels shelled Malakal on Monday and the rebels later chose to make a tactical "
     "withdrawal from the town.", TUE, [("withdrawal", "Malakal", "asserted", None)], []),
    # "warned residents of X to evacuate": those told to act are where it happens; "residents of X" names a place
    ("residents_told_to_evacuate", "Video footage showed smoke rising after Israel warned residents of Al-Hawsh, just "
     "south of Tyre, to evacuate.", TUE, [("evacuation", "Al-Hawsh", "asserted", None)], [("evacuation", "Tyre")]),
    # "the capture of X comes a day after Y": counted from the capture, the article's news
    ("comes_a_day_after", "The capture of Kunduz comes a day after the head of the media department was shot dead "
     "in Kabul.", TUE, [("killing", "Kabul", "asserted", "2015-03-02")], []),
    # a bomb exploding is an attack where it exploded
    ("bomb_exploded", "More than 20 civilians were killed when a car bomb exploded in a market in Mogadishu on Friday.",
     TUE, [("attack", "Mogadishu", "asserted", "2015-02-27"), ("killing", "Mogadishu", "asserted", "2015-02-27")], []),
    # an armed group the model names only in part ("Islamic" NORP, "State" nothing) is still the group driven out
    ("group_named_in_part_driven_out", "Kurdish fighters have driven Islamic State out of Kobani, a monitoring group "
     "said.", TUE, [("recapture", "Ayn al Arab", "asserted", None), ("withdrawal", "Ayn al Arab", "asserted", None)], []),
    # a word the model has never seen ("retook") is read as one it knows, so the clause parses as one
    ("on_a_day_retook", "Government troops on Monday retook Konna from Islamist fighters.", TUE,
     [("recapture", "Konna", "asserted", "2015-03-02")], []),
    # the takers' own word is a claim ("rebels said they had captured X")
    ("fighters_say_they_took", "Rebels said they had captured Kunduz, but the army said fighting was continuing.", TUE,
     [("capture", "Kunduz", "claimed", None)], []),
    # "..., a claim the army denied": the claim's relative clause denies it
    ("a_claim_the_army_denied", "Local residents said the militants had taken the town of Konna, a claim the army "
     "denied.", TUE, [("capture", "Konna", "claimed", None), ("capture", "Konna", "denied", None)], []),
    # "Friday's attack", "Sunday's fall of X": a possessive day dates the event noun
    ("possessive_day", "The death toll from Friday's attack on Kismayo has risen to 26. Sunday's fall of Ramadi "
     "stunned Baghdad.", TUE, [("attack", "Kismayo", "asserted", "2015-02-27"),
                                ("capture", "Ramadi", "asserted", "2015-03-01")], []),
    ("direction_after_a_name", "Rebel fighters withdrew from the besieged town of Douma, just east of Damascus.", TUE,
     [("withdrawal", "Duma", "asserted", None)], [("withdrawal", "Damascus")]),
    # "Sept. 3 (UPI) —": a wire credit with no dateline city is no place
    ("agency_after_a_date", "Sept. 3 (UPI) — Around 400 prisoners escaped from a prison near Libya's capital amid "
     "fighting, police said.", date(2018, 9, 3), [("prison_release", "Tripoli", "asserted", "2018-09-03")],
     [("prison_release", "Upi"), ("attack", "Upi")]),
    # "the X City Jail", "the Y District Jail": a building named for its town is in that town (not a district, and
    # "Jail" is no town)
    ("building_named_for_its_town", "Fifty armed men barged into the Marawi City Jail and Malabang District Jail on "
     "Tuesday, officials said.", TUE, [("attack", "Marawi City", "asserted", "2015-03-03"),
                                       ("attack", "Malabang", "asserted", "2015-03-03")],
     [("attack", "Jail"), ("attack", "the Marawi City Jail")]),
    # where people "were reported to have poured" from is their noun phrase's place, the subject of the report
    ("reported_to_have_poured", "Hundreds of residents of Baga were reported to have poured into neighbouring Chad "
     "in fishing boats.", TUE, [("displacement", "Baga", "asserted", None)], [("displacement", "Chad")]),
    # "near the Soba prison south of X": the direction after the prison places the prison, X is a landmark
    ("facility_before_a_direction", "In the small hours on Sunday, a similar incident occurred near the Soba prison "
     "south of Khartoum, many inmates escaped.", TUE, [("prison_release", "Soba", "asserted", None)],
     [("prison_release", "Khartoum")]),
    # a force entering a village the model and the gazetteer do not know: the village is the place, and the
    # evacuation it organised there too
    ("entered_an_unknown_village", "On 22 August, soldiers of the 47th Separate Mechanised Brigade entered Robotyne "
     "with fighting and organized the evacuation of civilians.", TUE, [("attack", "Robotyne", "asserted", None),
                                                     ("evacuation", "Robotyne", "asserted", None)], []),
    ("a_man_entered_a_name", "On Monday, the minister entered Parliament with his aides.", TUE, [],
     [("attack", "Parliament")]),
    # "X sector": a stretch of a front named for its village
    ("sector_of_the_front", "Shells fired by Indian troops struck villages in Nakyal sector overnight, officials "
     "said.", TUE, [("attack", "Nakyal", "asserted", None)], []),
    # "would allow them to declare the country liberated": a declaration still to come is no statement made
    ("to_declare_liberated", "Officials have said Sirte's capture would allow them to declare the country "
     "liberated.", TUE, [], [("recapture", "Sirte"), ("capture", "Sirte")]),
    # a taking begun is the fight for the place, not yet its taking
    ("started_to_liberate", "State TV said operations had started to liberate the city of Ramadi.", TUE,
     [("attack", "Ramadi", "asserted", None)], [("recapture", "Ramadi")]),
    # unnamed districts of a place taken are a part of it: fighting there, not its taking
    ("some_districts_around", "Iraqi forces say they have retaken some districts around Tikrit.", TUE,
     [("attack", "Tikrit", "asserted", None)], [("recapture", "Tikrit")]),
    ("named_villages_are_taken", "Iraqi forces retook the villages of Albu Ajil and Awja near Tikrit.", TUE, [],
     [("attack", "Tikrit")]),
    # '"This is not true," X told Reuters after Y said his forces had taken the city': the verdict comes first
    ("this_is_not_true_first", '"This is not true. Our units are fighting in Bakhmut," military spokesperson Serhiy '
     "Cherevatyi told Reuters after the head of Russia's Wagner mercenary group said his forces had taken full "
     "control of the city.", TUE, [("capture", "Bakhmut", "denied", None)], []),
    # "drove it from X": a force driven from a place (no "back" or "out"), "it" the force named before; the
    # taking is a capture unless the takers are in their own country
    ("drove_it_from", "The AU mission recently pushed al-Shabab out of the capital, Mogadishu, while Ethiopian "
     "troops drove it from the central town of Beledweyne.", TUE,
     [("withdrawal", "Beledweyne", "asserted", None), ("capture", "Beledweyne", "asserted", None)],
     [("recapture", "Beledweyne")]),
    ("pushed_forces_from", "The fighters pushed Ethiopian government forces from Dessie, a spokesman said.", TUE,
     [("capture", "Dessie", "asserted", None)], [("recapture", "Dessie")]),
    ("drove_from_on_the_road", "The convoy drove from Kabul to Bagram on Monday.", TUE, [],
     [("capture", "Kabul"), ("withdrawal", "Kabul")]),
    # entering a part of a place ("its neighbourhoods") or "one of the towns of X" is fighting in it
    ("entered_its_neighbourhoods", "Syrian pro-government fighters withdrew from Palmyra on Wednesday after Islamic "
     "State militants entered its neighbourhoods in large numbers.", TUE, [("attack", "Tadmur", "asserted", None)],
     [("capture", "Tadmur")]),
    ("entered_one_of_the_towns", "Libya's rebel forces entered one of Muammar Gaddafi's holdout town of Bani Walid on "
     "Friday.", TUE, [("attack", "Bani Walid", "asserted", "2015-02-27")], [("capture", "Bani Walid")]),
    ("blasting_a_base", "Eyewitnesses heard heavy weaponry blasting Timbuktu's military base on Sunday.", TUE,
     [("attack", "Timbuktu", "asserted", "2015-03-01")], [("capture", "Timbuktu")]),
    # positions shelled with no city named before: the clause's own place ("in X sector")
    ("positions_in_a_sector", "On the LoC in Noushera sector of Rajouri, the Pakistan Army shelled various Indian "
     "positions.", TUE, [("attack", "Noushera", "asserted", None)], []),
    # declaring victory in a place claims its taking; a state's leader speaks for its forces (their own country:
    # a retaking)
    ("declared_victory_in", "Iraqi Prime Minister Haider al-Abadi declared victory in the liberated city of Mosul "
     "today, his office said.", TUE, [("recapture", "Mosul", "asserted", "2015-03-03")], [("capture", "Mosul")]),
    ("leader_announced_capture", "Azerbaijani President Ilham Aliyev has announced about capturing the town of "
     "Fuzuli.", TUE, [("recapture", "Fuzuli", "asserted", None)], [("capture", "Fuzuli")]),
    # a death after a strike is where the strike hit, not where the clause it hangs from is
    ("died_after_a_shell_hit", "Three people were killed in the Nakyal region, while a fourth person died after a "
     "shell hit her home in the Baghsar area, the military said.", TUE,
     [("killing", "Nakyal", "asserted", None), ("killing", "Baghsar", "asserted", None)], []),
    # a participle joined to a descriptive one describes too ("the occupied and besieged city")
    ("joined_descriptions", "The prisoners were driven to the occupied and besieged city of Ramallah.", TUE, [],
     [("attack", "Ramallah"), ("capture", "Ramallah")]),
    # "it appeared to have fallen": the subject of the verb it hangs from fell; another side's taking of the place
    # does not lend it its day
    ("appeared_to_have_fallen", "The city of Tikrit was in full control of the military, state TV said. Just a day "
     "earlier, it appeared largely to have fallen to ISIS fighters.", date(2014, 6, 12),
     [("capture", "Tikrit", "claimed", "2014-06-11"), ("recapture", "Tikrit", "asserted", "2014-06-12")], []),
    # "three towns in the X region, including Y": the examples (a name the model calls an organisation) however the
    # parser hangs them; a state's army in its own country retakes
    ("examples_hung_on_the_region", "The government reported that the army has seized three towns in the northern "
     "Tigray region including Shire.", TUE, [("recapture", "Inda Silase", "asserted", None)], []),
    # "the fall of X to Y" with "to Y" hung on the verb: Y took X
    ("fall_to_hung_on_the_verb", "The article describes the fall of Shire in northwest Tigray Region to Ethiopian "
     "and Eritrean forces.", TUE, [("recapture", "Inda Silase", "asserted", None)], [("capture", "Inda Silase")]),
    # an attack pushed back is repelled: no place retaken
    ("attack_pushed_back", "The overnight attack on Baquba, which was pushed back by security forces, marked the "
     "closest that fighting has come to the capital.", TUE, [("attack", "Baqubah", "asserted", None)],
     [("recapture", "Baqubah")]),
    # a part of a province ("southern X province") is no town, not the province's seat
    ("part_of_a_province", "Government forces had seized full control of southern Idlib province after fresh "
     "advances against the rebels.", TUE, [], [("recapture", "Idlib"), ("capture", "Idlib")]),
    ("the_province_seat_still", "Government forces had seized full control of the city of Idlib.", TUE,
     [("recapture", "Idlib", "asserted", None)], []),
    # a town taken unnamed is the one the next sentence names with the same noun and "the"
    ("a_town_then_the_town_of", "The militant group Boko Haram has seized a town and a military base in north-eastern "
     "Nigeria, officials say. A senator said troops had abandoned the base in the town of Baga after it was attacked "
     "on Saturday.", TUE, [("capture", "Baga", "asserted", None)], []),
    # "the town" with no city the tables know: a name the model calls a place, named just before
    ("the_town_is_an_unknown_name", "Innocent Ndagije, a civic leader in Bunagana, says the rebel fighters took "
     "control of the town on Monday morning after a night of heavy fighting.", TUE,
     [("capture", "Bunagana", "asserted", "2015-03-02")], []),
    # "the town near the capital, X": the name after the "near" phrase is the capital's, not the town's
    ("town_near_the_capital_named", "AU forces say they have captured the strategic town near the capital, "
     "Mogadishu, after Islamist militants pulled out.", TUE, [], [("capture", "Mogadishu"), ("withdrawal", "Mogadishu")]),
    # "why troops had abandoned X, nor why they pulled out of Y": what is explained happened, and "they" are the
    # troops of the clause joined to it
    ("not_clear_why_they_pulled_out", "It was not immediately clear why troops had abandoned Shihr, nor why they "
     "pulled out of Mukalla after offering light resistance.", TUE,
     [("withdrawal", "Ash Shihr", "asserted", None), ("withdrawal", "Mukalla", "asserted", None)], []),
    # a name the text calls "a village" or "a town" in apposition is a populated place, whatever the model called
    # it, and a strike as the subject of a toll is where the dead were killed
    ("village_in_apposition_after_a_quote", 'An "Israeli strike on Kfar Tebnit", a village east of Nabatieh, left '
     'four dead, the ministry said.', TUE,
     [("attack", "Kfar Tebnit", "asserted", None), ("killing", "Kfar Tebnit", "asserted", None)], []),
    ("village_the_model_calls_a_person", "A drone strike on Ain Baal, a village near Tyre, killed two people.", TUE,
     [("attack", "Ain Baal", "asserted", None), ("killing", "Ain Baal", "asserted", None)], []),
    # "the villages of A and B": populated places, as near as a town ("in P region, C and D in Q region": the model
    # may take a listed village for a person)
    ("villages_of_in_two_regions", "The army liberated the villages of Kamalli and Bashirli in Tartar region, "
     "Mehdili and Jojug in Jabrayil region.", TUE, [("recapture", n, "asserted", None) for n in (
         "Kamalli", "Bashirli", "Mehdili", "Jojug")], []),
    ("villages_of_a_district_and_the_city", "The army liberated Gajar, Shukurbeyli and Juvarli villages of Jabrayil "
     "district and the city of Jabrayil.", TUE, [("recapture", n, "asserted", None) for n in (
         "Gajar", "Juvarli", "Jabrayil")], []),
    ("villages_the_model_calls_organisations", "Government troops seized Kaboke, Shaybay and Guyjag on Monday.", TUE,
     [("capture", n, "asserted", None) for n in ("Kaboke", "Shaybay", "Guyjag")], []),
    # "bases", which the small model lemmatises as "basis", are facilities: taking them is no town's capture
    ("bases_in_towns", "Rebels took control of the bases in Shihr and Ghayl Bawazir after the army withdrew.", TUE,
     [("attack", "Ash Shihr", "asserted", None)], [("capture", "Ash Shihr"), ("capture", "Ghayl Ba Wazir")]),
    # "his country's army": the state of the leader who speaks of it, whose own forces retake a town of their own
    ("his_countrys_army", "Azerbaijani President Ilham Aliyev announced on Saturday that his country's army has taken "
     "control of the city of Lachin.", TUE, [("recapture", "Lacin", "asserted", None)], [("capture", "Lacin")]),
    ("his_countrys_troops_said_by_no_leader", "The spokesman said his country's troops had seized the town of "
     "Kobani.", TUE, [("capture", "Ayn al Arab", "asserted", None)], [("recapture", "Ayn al Arab")]),
    # "this settlement", "the village": the place just told of, the village named with that noun (not the township
    # named after it); "no information about the capture of X" denies it
    ("no_information_about_the_capture_of_this_settlement", "Fighting in the area of Staromaiorske, Donetsk region, "
     "continues, and there is no confirmed information about the enemy's capture of this settlement.", TUE,
     [("capture", "Staromaiorske", "denied", None)], [("capture", "Donetsk")]),
    ("everyone_in_the_village_fled", "Soldiers arrived in Nyaung Pin village in Kani township on Tuesday. They burned "
     "houses, so everyone in the village had to flee.", TUE, [("displacement", "Nyaung Pin", "asserted", None)],
     [("displacement", "Kani")]),
    # an assault tried is an assault made; one that will be tried, or a taking tried for, is not
    ("attempted_to_storm", "Russian troops attempted to storm the Lyptsi front on Friday morning.", TUE,
     [("attack", "Lyptsi", "asserted", "2015-02-27")], []),
    ("will_try_to_storm", "Rebels will try to storm Kunduz.", TUE, [], [("attack", "Kunduz")]),
    ("trying_to_establish_control", "Ukrainian forces have been trying to establish control over Slovyansk since "
     "Monday.", TUE, [], [("capture", "Slovyansk"), ("recapture", "Slovyansk")]),
    # "the prison Kobar in Khartoum": the building's own name, and the town it is in
    ("a_prison_named_after_its_noun", "Yemen's biggest prison Mansoura in Aden was attacked by gunmen on Monday.",
     TUE, [("attack", "Aden", "asserted", None)], [("attack", "Al Mansurah")]),
    # a state's government acts through its forces: retaking a town of its own ("overrunning X" after the
    # clause it adjoins tells whose victory it was); "leaving X out of reach" is no one leaving
    ("the_government_overran", "Iraq's government announced on Friday another victory against the militants, "
     "overrunning their last stronghold Hit.", TUE, [("recapture", "Hit", "asserted", None)], [("capture", "Hit")]),
    ("leaving_out_of_reach", "The town of Sirte has finally been contained, the government has claimed, leaving only "
     "parts of the city out of rebel reach.", TUE, [], [("withdrawal", "Sirte")]),
    # a taking that has not happened yet is neither an event nor a denial of one
    ("not_yet_entered", '"The enemies have not yet entered the town of Kismayo," the spokesman said.', TUE, [],
     [("capture", "Kismayo"), ("attack", "Kismayo")]),
    ("the_last_town_not_to_have_fallen", "Timbuktu was the last major town in the north not to have fallen into the "
     "hands of the rebels.", TUE, [], [("capture", "Timbuktu")]),
    ("has_not_fallen_is_a_denial", '"Timbuktu has not fallen," the governor said.', TUE,
     [("capture", "Timbuktu", "denied", None)], []),
    # where a force flees to is no place it withdrew from, however long the chain of places
    ("fled_to_areas_in_and_around", "The militias fled to different areas in and around Bani Walid and Jufra and to "
     "the south and Benghazi.", TUE, [], [("withdrawal", "Bani Walid"), ("withdrawal", "Benghazi")]),
    ("leaving_for", "Government troops are leaving for Goma.", TUE, [], [("withdrawal", "Goma")]),
    # a capital names the state that rules from it, or whose soldiers they are, not where anything happened
    ("capitals_possessive_control_misparsed", "Thousands fled to Armenia on Monday, a week after an Azerbaijani "
     "offensive that will lead to the restoration of Baku’s full control over the region.", TUE, [],
     [("attack", "Baku")]),
    ("capital_soldiers", "Ukrainian forces were forced to retreat from the airport and Moscow soldiers moved into key "
     "cities in the east on Monday.", TUE, [], [("attack", "Moscow"), ("withdrawal", "Moscow")]),
    # a denial withheld is no denial; casting doubt on a claim denies it; no sentence starts inside a line
    ("did_not_deny", "The ministry did not deny that Fano forces have captured the town of Bahir Dar.", TUE,
     [("capture", "Bahir Dar", "claimed", None)], []),
    ("cast_doubt_on_the_claims", "Russia's Defense Ministry said its troops had captured Kurakhove. But a Ukrainian "
     "official has cast doubt on Russia's claims.", TUE, [("capture", "Kurakhove", "denied", None)], []),
    ("no_sentence_break_after_a_date", "The army denied on July 31 Moscow's claim that Russian forces had captured "
     "the town of Chasiv Yar.", date(2024, 8, 2), [("capture", "Chasiv Yar", "denied", "2024-07-31")], []),
    # a state named as the taker (or speaking of "it", "its troops") takes with its own forces: a town of its own
    # is retaken; an armed group of the country is no state
    ("a_state_takes_its_own_town", "Russia has taken over Sudzha, the largest town held by Ukraine in the Kursk "
     "region.", TUE, [("recapture", "Sudzha", "asserted", None)], [("capture", "Sudzha")]),
    ("a_state_says_it_took", "Azerbaijan said it had captured the city of Shusha.", TUE,
     [("recapture", "Shusha", "asserted", None)], [("capture", "Shusha")]),
    ("a_ministry_says_its_troops_took", "Russia's Defence Ministry said its troops had taken the town of Sudzha.",
     TUE, [("recapture", "Sudzha", "asserted", None)], [("capture", "Sudzha")]),
    ("a_states_armed_group_says_it_took", "Sudan's paramilitary Rapid Support Forces (RSF) said on Monday that it "
     "seized full control of Babanusa.", TUE, [("capture", "Babanusah", "claimed", None)],
     [("recapture", "Babanusah")]),
    # a country named as who acts or speaks ("Russia said", "Russia's ministry") says nothing of where a town is,
    # in an article that names another country (or its people)
    ("a_country_that_speaks_is_no_context", "Russia's defence ministry said its forces had shelled Pokrovsk, and "
     "Russia said the attacks would go on. A Ukrainian official denied it.", TUE,
     [("attack", "Pokrovsk", "asserted", None)], [("attack", "Engels")]),
    # "the town" is the one the text called a town, not the last city named
    ("the_town_told_in_apposition", "Russian troops completely liberated Kurakhove, a small industrial town that is a "
     "stepping stone to the key city of Pokrovsk. Fighting in the town continued on Tuesday.", TUE,
     [("attack", "Kurakhove", "asserted", "2015-03-03")], [("attack", "Pokrovsk")]),
    # "before Moscow invaded": the capital of who attacked, however the parser reads it
    ("the_capital_invaded", "Klishchiivka, which was home to several hundred people before Moscow invaded last year, "
     "was captured by Russian troops in January.", TUE, [], [("attack", "Moscow")]),
    # a division of several words names where the article is, with no country named: the town of that name there
    ("a_town_in_a_division_named_alone", "The army regained control of the city of Bara in North Kordofan on "
     "Thursday.", TUE, [("recapture", "Barah", "asserted", None)], [("recapture", "Bara")]),
    # what "came under attack" is attacked, where its phrase puts it
    ("came_under_fire", "A convoy came under fire near the village of Kaboke.", TUE,
     [("attack", "Kaboke", "asserted", None)], []),
    ("came_under_attack_a_name_misread", "Checkpoints in Mondoro and Biriki-Were came under attack on Monday.", TUE,
     [("attack", "Mondoro", "asserted", "2015-03-02")], []),
    # a second list of villages the parser joins to the first list's date is of the same event
    ("a_list_joined_to_a_date", "Troops torched Ywar Ma and Kyauk Sin villages on December 27 and Nagar Bo, Kone Thar "
     "and Htan Taw on Wednesday, resistance groups said.", date(2022, 12, 30),
     [("attack", n, "asserted", None) for n in ("Ywar Ma", "Nagar Bo", "Kone Thar", "Htan Taw")], []),
    # a foothold in a place is fighting for it, not its capture
    ("established_positions_in", "Russian forces have established positions in the village of Ocheretyne.", TUE,
     [("attack", "Ocheretyne", "asserted", None)], [("capture", "Ocheretyne")]),
    ("gained_a_foothold_in", "Russian troops gained a foothold in Chasiv Yar on Monday.", TUE,
     [("attack", "Chasiv Yar", "asserted", "2015-03-02")], [("capture", "Chasiv Yar")]),
    # the area an enemy holds in a place is a part of it, and "under our fire control" is within range of guns
    ("the_area_occupied_is_a_part", "The enemy broke into Ocheretyne. The area currently occupied by the adversary "
     "is under our fire control.", TUE, [("attack", "Ocheretyne", "asserted", None)],
     [("capture", "Ocheretyne")]),
    ("the_frontline_village", "Ukraine said its troops had retaken Andriivka. Russia denied its forces had been "
     "pushed out of the frontline village.", TUE, [("recapture", "Andriivka", "denied", None)], []),
    # the town a facility is in, whatever the model called its name, and wherever the parser hung "in X"
    ("the_outpost_in_a_town", "The Arakan Army seized the last remaining military outpost in Maungdaw on Sunday.",
     TUE, [("attack", "Maungdaw", "asserted", "2015-03-01")], [("capture", "Maungdaw")]),
    ("the_base_in_a_town_on_the_verb", "Rebels overran the army base in Kawlin.", TUE,
     [("attack", "Kawlin", "asserted", None)], [("capture", "Kawlin")]),
    # a town taken unnamed is the first town the rest of its sentence names
    ("an_unnamed_town_named_later_in_the_sentence", "Rebels on Sunday announced they have captured a strategic "
     "town, but the government denied the claims, saying federal forces were fighting for Kombolcha and the city of "
     "Dessie.", TUE, [("capture", "Kombolcha", "denied", None)], [("capture", "Dessie")]),
    ("a_village_elder_is_no_village", "A strike hit the home of Ali Hassan, a village elder, in Bint Jbeil.", TUE,
     [("attack", "Bent Jbail", "asserted", None)], [("attack", "Ali Hassan")]),
    # session 2026-12-06: the 186 passages added to the corpus that day
    ("hub_of_fell", "The strategic railway hub of Debaltseve fell to separatists on Wednesday.", TUE,
     [("capture", "Debaltseve", "asserted", "2015-02-25")], []),
    ("facility_fell", "Witnesses said Misrata airport fell after hours of fighting.", TUE,
     [("attack", "Misratah", "asserted", None)], [("capture", "Misratah")]),
    ("attempt_made_to_capture", "The army made another attempt this week to capture the city of Shusha.", TUE,
     [("attack", "Shusha", "asserted", None)], [("capture", "Shusha"), ("recapture", "Shusha")]),
    ("majority_of_a_city", "Militants seized control of the majority of the Syrian city of Palmyra on Wednesday.", TUE,
     [("attack", "Tadmur", "asserted", "2015-02-25")], [("capture", "Tadmur")]),
    ("captured_people", "A group of Taliban militants, captured by US forces, escaped from Sarprosa prison in Kandahar.", TUE,
     [("prison_release", "Kandahar", "asserted", None)], [("capture", "Kandahar")]),
    ("walked_out_of_prison", "Twelve prisoners walked out of Kandahar's Sarposa prison on Saturday.", TUE,
     [("prison_release", "Kandahar", "asserted", "2015-02-28")], [("prison_release", "Sarposa")]),
    ("restored_a_city", "The army said its forces restored Singa city from the RSF on Saturday.", TUE,
     [("recapture", "Singa", "asserted", "2015-02-28")], []),
    ("city_of_after_a_city_name", "Israeli forces withdrew from the southern Gaza city of Khan Younis.", TUE,
     [("withdrawal", "Khan Yunis", "asserted", None)], [("withdrawal", "Gaza")]),
    ("retreat_by_a_force", "Alliance troops entered Kabul after a retreat by Taliban forces.", TUE,
     [("withdrawal", "Kabul", "asserted", None)], []),
    ("people_word_before_a_place", "Armenia recognised the loss of control over Azerbaijani Shusha city.", TUE,
     [("capture", "Shusha", "asserted", None)], []),
    ("group_name_runs_into_the_verb", "Fighters of the Syrian Democratic Forces entered Raqqa on Monday.", TUE,
     [("attack", "Raqqa", "asserted", "2015-03-02")], []),
    ("continent_is_no_town", "Troops overran the last town on Sunday, striking a blow in Asia's longest war.", TUE, [],
     [("capture", "Asia")]),
    ("channel_is_no_town", "Militants killed 30 civilians in the town of Jisr al-Shughour, Lebanese Al Mayadeen TV "
     "channel reported. The army forced the militants to retreat to the outskirts of the town.", TUE,
     [("withdrawal", "Jisr ash Shughur", "asserted", None)], [("withdrawal", "Al Mayadin")]),
    ("dateline_without_a_dash", "COLOMBO, Jan 2 The Sri Lankan army captured Kilinochchi on Friday.",
     date(2009, 1, 2), [("recapture", "Kilinochchi", "asserted", "2009-01-02")], [("capture", "Kilinochchi")]),
    ("dateline_day_is_today", "NAZRAN, Russia, Feb. 6 - Putin declared the battle for Grozny over today.",
     date(2000, 2, 7), [("attack", "Grozny", "asserted", "2000-02-06")], []),
    ("announcer_took_it", "BAGHDAD - The Iraqi Army on Thursday announced the capture of the town of Hawija.", TUE,
     [("recapture", "Al Hawijah", "asserted", None)], [("capture", "Al Hawijah")]),
    ("one_taking_told_twice", "Rebel forces have recaptured Malakal from government troops. The rebels seized the "
     "capital of Upper Nile State late Tuesday.", TUE, [("recapture", "Malakal", "asserted", "2015-03-03")],
     [("capture", "Malakal")]),
    ("armed_group_named_national", "His Libyan National Army (LNA) was claiming control over the town of Gharyan.",
     TUE, [("capture", "Gharyan", "claimed", None)], [("recapture", "Gharyan")]),
    ("into_the_hands_of", "Bunagana fell into the hands of the M23 on Friday, residents said.", TUE,
     [("capture", "Bunagana", "asserted", "2015-02-27")], []),
    ("town_before_its_state", "Fourteen police officers have been killed in a shooting. The police were carrying "
     "out a court order in El Aguaje, Michoacán state, when their convoy was ambushed.", TUE,
     [("killing", "El Aguaje", "asserted", None), ("attack", "El Aguaje", "asserted", None)], []),
    ("fighting_season", "Taliban fighters captured the strategic southern district of Sangin on Thursday, officials "
     "said, another setback for Afghan forces in Helmand province ahead of the spring fighting season.", TUE, [("capture", "Sangin", "asserted", "2015-02-26")], [("attack", "Sangin")]),
    ("defeat_for_a_capital", "Afghan troops recaptured the centre of Kunduz on Thursday after fierce clashes with "
     "Taliban militants, three days after losing the city in a humbling defeat for Kabul and its US allies.", TUE,
     [("recapture", "Kunduz", "asserted", "2015-02-26")], [("attack", "Kabul"), ("capture", "Kabul")]),
    ("landmark_set_beside_a_capital", "Residents of Ann, which is 220 km (135 miles) west of the capital, Naypyidaw, "
     "said the AA had seized the junta's last posts in the town by Saturday, taking complete control of the town.",
     TUE, [("capture", "Ann", "asserted", "2015-02-28")], [("capture", "Nay Pyi Taw")]),
    ("town_saw_fighting", "Located about 50 kilometers away from Uvira, Sange town saw heavy fighting on Sunday.",
     TUE, [("attack", "Sange", "asserted", "2015-03-01")], []),
    ("gunfire_heard", "Heavy gunfire was heard early on Wednesday in Bouafle.", TUE,
     [("attack", "Bouafle", "asserted", "2015-02-25")], []),
    ("told_to_leave", "The army ordered residents of Arnoun and Yohmor to leave immediately.", TUE,
     [("evacuation", "Arnoun", "asserted", None), ("evacuation", "Yohmor", "asserted", None)], []),
    ("arrived_from", "Some 30,000 people have arrived in Bannu from Miranshah since this morning.", TUE,
     [("displacement", "Miran Shah", "asserted", None)], [("displacement", "Bannu")]),
    ("trying_to_flee", "The shootings caused panic in Stepanakert, with many residents reportedly trying to flee "
     "the city.", TUE, [("displacement", "Khankendi", "asserted", None)], []),
    # whole articles (2026-12-06)
    ("capital_in_a_province", "A car bombing killed 14 people as the Taliban launched a large-scale attack Monday on "
     "the capital in southern Helmand province.", TUE, [("attack", "Lashkar Gah", "asserted", None)],
     [("attack", "Kabul")]),
    ("spokesman_in_a_list", "In the Afghan capital of Kabul, Sediq Sediqqi, the Interior Ministry spokesman, "
     "confirmed the attack.", TUE, [], [("attack", "Sediq Sediqqi")]),
    ("considering_a_recapture", "The army is now considering the recapture of the entire road between Hama and "
     "Aleppo.", TUE, [], [("recapture", "Hama"), ("recapture", "Aleppo")]),
    ("road_linking_provinces", "By taking control of Walikale, the M23 rebels seized a road linking four provinces: "
     "North Kivu, South Kivu, Tshopo and Maniema.", TUE, [("capture", "Walikale", "asserted", None)],
     [("capture", "Tshopo"), ("capture", "Maniema")]),
    ("highway_linking_towns", "Opposition fighters on Thursday retook a strategic northwestern town in Syria and cut "
     "the highway linking Damascus with the northern city of Aleppo.", TUE, [], [("recapture", "Damascus")]),
    ("town_of_a_province_unnamed", "Congo's M23 rebels capture North Kivu town, UN peacekeepers wounded", TUE, [],
     [("capture", "Goma"), ("capture", "North Kivu")]),
    ("the_town_named_as_town", "Fighters seized the town of Kiwanja on Saturday, cutting North Kivu's capital Goma "
     "off. Residents said fighters had entered the town without resistance.", TUE,
     [("attack", "Kiwanja", "asserted", None)], [("attack", "Goma")]),
    ("list_set_beside", "Pro-government forces have managed to fully control Sanqa, Sirinqa, as well as the cities "
     "of Woldiya, Hara, Gobiye, Robit and Kobo.", TUE,
     [("recapture", "Sirinqa", "asserted", None), ("recapture", "Hara", "asserted", None),
      ("recapture", "Kobo", "asserted", None)], []),
    ("day_on_the_claim", "Late Thursday, the RSF claimed it seized control of the Sudanese city of al-Maliha.", TUE,
     [("capture", "al-Maliha", "claimed", "2015-02-26")], []),
    ("day_on_the_apposition", "Rebels have taken control of Sinjah, the capital of Sennar State on Saturday after "
     "capturing the 17th Infantry Division.", TUE, [("capture", "Singa", "asserted", "2015-02-28")], []),
    ("paramilitary_speaker", "Sudan's paramilitary group Rapid Support Forces (RSF) said it has taken control of "
     "Sinjah, the capital of Sennar State.", TUE, [("capture", "Singa", "asserted", None)], [("recapture", "Singa")]),
    ("killed_battling_in", "90 Afghan soldiers had been killed battling Taliban fighters in the Gereshk and Sangin "
     "districts, the deputy governor said.", TUE,
     [("killing", "Gereshk", "asserted", None), ("killing", "Sangin", "asserted", None)], []),
    ("division_noun_is_no_town", "In 2019 the group launched a major offensive, attacking four police stations in "
     "Rakhine State on Independence Day.", TUE, [], [("attack", "State")]),
    ("headline_prisoners_freed", "Hundreds of prisoners freed from Kunduz jail, government buildings set on fire", TUE,
     [("prison_release", "Kunduz", "asserted", None)], [("recapture", "Kunduz")]),
    ("contingent_departed", "Fighters seized the town of Kiwanja on Saturday. The Congolese army contingent "
     "protecting the town had departed the previous day, residents said.", TUE,
     [("withdrawal", "Kiwanja", "asserted", "2015-02-27")], []),
    ("close_to_pushing_out", "Russian troops have carried out a rapid counteroffensive and appear close to "
     "completely pushing Ukrainian forces out of Sudzha.", TUE, [], [("withdrawal", "Sudzha"), ("recapture", "Sudzha")]),
    ("will_not_attack", "Rebels say won't attack Bangui pending peace talks", TUE, [], [("attack", "Bangui")]),
    ("deny_them_a_base", "The offensive will deny the Shebab a base for attacks on the capital, Mogadishu.", TUE, [],
     [("attack", "Mogadishu")]),
    ("left_in_the_direction_of", "The soldiers had left on Friday in the direction of Bangui.", TUE, [],
     [("withdrawal", "Bangui")]),
    ("title_case_dateline", "Palma deserted as thousands flee deadly insurgent attack\n\nBy AFP\n\nPemba, "
     "Mozambique - The northern Mozambique town of Palma, seized by militants last week, was all but deserted on "
     "Monday after thousands of residents abandoned their homes.", TUE, [], [("capture", "Pemba")]),
    ("base_in_part_of_a_province", "Boko Haram fighters seized a military base in Nigeria's northeastern Borno state "
     "on Saturday, residents said.", TUE, [], [("attack", "Borno"), ("attack", "Maiduguri")]),
    ("talks_held_in", "The airport takeover comes amid a spike in fighting across eastern Ukraine, and as Ukraine, "
     "Russia and separatists held talks in Berlin about a cease-fire. Ukraine's Defense Ministry said Thursday that "
     "10 soldiers died in the past 24 hours at the airport.", TUE, [], [("attack", "Berlin"), ("killing", "Berlin")]),
    ("regiment_named_for_a_town", "The volunteer Azov regiment that is defending Mariupol against the offensive said "
     "many were wounded by the rocket volleys.", TUE, [], [("attack", "Azov")]),
    ("a_sea_before_a_city_noun", "Government forces seized Hodeidah airport on Wednesday, in a major step towards "
     "retaking the key Red Sea port city.", TUE, [], [("recapture", "Hurghada"), ("capture", "Hurghada")]),
    ("afp_spelling_of_a_group", "\"The Shebab are fleeing the town of Afgoye, they are running away into the bush,\" "
     "a resident said.", TUE, [("withdrawal", "Afgooye", "asserted", None)], []),
    ("witness_who_fled_elsewhere", "A resident of Baga who fled to Maiduguri said many people were killed.", TUE, [],
     [("killing", "Maiduguri")]),
    ("the_retaking_of", "The retaking of Saraqeb is a setback for Assad's forces.", TUE,
     [("recapture", "Saraqib", "asserted", None)], []),
]


@pytest.mark.parametrize(("name", "text", "published", "want", "absent"), CASES, ids=[c[0] for c in CASES])
def test_realworld_construction(nlp, name, text, published, want, absent) -> None:
    check_facts(nlp, text, published, want, absent)


def test_what_is_said_does_not_go_on_about_the_last_event(nlp) -> None:
    linked = check_facts(nlp, "Rebels attacked Kunduz on Sunday.  The Taliban warned they were now targeting senior "
                              "officials.", TUE, [("attack", "Kunduz", "asserted", "2015-03-01")], [])
    assert len(linked.events) == 1


def test_denying_responsibility_denies_no_taking(nlp) -> None:
    linked = check_facts(nlp, "Rebels took control of the city of Bakhmut on Monday.  The army denied responsibility "
                              "for the attacks.", TUE, [("capture", "Bakhmut", "asserted", None)], [])
    assert not [e for e in linked.events if e.fact.polarity == "denied"]


# a taking the text recalls, with no usable date, is dated earlier than the report, never the publication day
EARLIER = [
    ("since_the_fall_of", "The town had proved impregnable since the fall of Tripoli.", "Tripoli"),
    ("who_had_captured", "Many of the rebels who had captured and held Slovyansk since April left the city.",
     "Slovyansk"),
    ("before_it_fell", "The militias vowed a bigger role in the battle for Tal Afar, which was home to Sunni and Shia "
     "Turkmen before it fell to IS.", "Tall Afar"),
    ("years_after_taking", "The defeat of the militants in Mosul three years after taking the city is a major blow.",
     "Mosul"),
    ("weeks_ago", "Three weeks ago, the rebels captured the town of Saraqeb.", "Saraqib"),
    ("aftermath_of_an_old_event", "Rebels occupied Gao, Timbuktu and Kidal in the aftermath of a military coup on "
     "March 22, 2012.", "Gao"),
    # a taking named as what came before the event reported (its day is the later event's)
    ("following_the_capture_of", "Officials on Monday ordered families to leave the town of Kurakhove, where the army "
     "is bearing down after a slow advance following the capture of Marinka.", "Mar'yinka"),
    ("followed_the_capture_of", "The retaking of the city on Monday followed the swift capture of Gao.", "Gao"),
    ("recently_seized", "Troops are now advancing on Gao, a town the rebels recently seized.", "Gao"),
]


@pytest.mark.parametrize(("name", "text", "place"), EARLIER, ids=[c[0] for c in EARLIER])
def test_recalled_taking_is_earlier_and_undated(nlp, name, text, place) -> None:
    linked = check_facts(nlp, text, TUE, [("capture", place, "asserted", None)], [])
    (taking,) = [e for e in linked.events if e.fact.type == "capture" and e.place.label == place]
    assert (taking.fact.date.precision, taking.fact.date.value) == ("earlier", None)
    assert taking.key.endswith("/undated")


def test_reports_that_a_town_had_fallen_are_of_the_day(nlp) -> None:
    # "reports the city had fallen" is what was reported (parsed as a relative clause), not a recalled taking
    linked = check_facts(nlp, "The governor denied reports the city of Kunduz had fallen.", TUE,
                         [("capture", "Kunduz", "denied", "2015-03-03")], [])
    assert all(e.fact.date.precision == "publication" for e in linked.events)


def test_a_verdict_does_not_deny_a_taking_no_one_claims(nlp) -> None:
    # '"This is not true," ... of something else', then a taking the article itself reports: nothing denied
    linked = check_facts(nlp, '"This is not true," the minister said of the price rise. Rebels captured Kunduz on '
                              "Monday.", TUE, [("capture", "Kunduz", "asserted", "2015-03-02")], [])
    assert not [e for e in linked.events if e.fact.polarity == "denied"]


def test_a_recent_date_below_a_taking_does_not_make_it_a_recap(nlp) -> None:
    linked = check_facts(nlp, "Rebels occupied Gao in the aftermath of a military coup on Sunday.", TUE,
                         [("capture", "Gao", "asserted", None)], [])
    assert all(e.fact.date.precision != "earlier" for e in linked.events)


def test_what_the_subject_of_a_denying_verb_tells_is_not_denied(nlp) -> None:
    # the parser makes "pressure" the subject of "throws doubt on": the doubt is cast on a strategy, not on it
    linked = check_facts(nlp, "The twin successes pile pressure not just on Damascus and Baghdad, but also throws "
                              "doubt on U.S. strategy to rely almost exclusively on air strikes to defeat the Sunni "
                              "Muslim movement.", TUE, [], [])
    assert not [e for e in linked.events if e.fact.polarity == "denied"]


def test_a_year_on_the_noun_a_clause_hangs_from_dates_the_taking(nlp) -> None:
    # "a 2012 insurrection that briefly overran Goma": the recap is of 2012, not of the report's day
    linked = check_facts(nlp, "Bunagana was an M23 stronghold during a 2012 insurrection that briefly overran the "
                              "major city of Goma.", TUE, [("capture", "Goma", "asserted", "2012-01-01")], [])
    (taking,) = [e for e in linked.events if e.fact.type == "capture"]
    assert taking.fact.date.precision == "year"


def test_a_hold_told_in_the_perfect_began_before(nlp) -> None:
    # "Gao had been under the control of MUJAO": a hold that began on no day the text gives, not a taking today
    linked = check_facts(nlp, "Gao had been under the control of the Movement for Oneness and Jihad.", TUE,
                         [("capture", "Gao", "asserted", None)], [])
    assert all(e.fact.date.precision == "earlier" for e in linked.events)
