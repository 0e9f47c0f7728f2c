"""Events from synthetic sentences, through the real model and the project's lexicons."""

import pytest

from pipeline.extract.actors import ActorMatcher
from pipeline.extract.events import EventExtractor
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.nlp import load_model


@pytest.fixture(scope="module")
def extract():
    nlp, lexicon = load_model(), load_lexicon()
    matcher, extractor = ActorMatcher(nlp, lexicon), EventExtractor(lexicon)
    types = {a.actor_id: a.actor_type for a in lexicon.actors}

    def run(text: str) -> set[tuple]:
        doc = nlp(text)
        mentions = matcher.find(doc).mentions
        events = extractor.find(doc, mentions, [], [], types)
        return {
            (e.event_type, e.source_actor_id, e.target_actor_id, e.status, e.target_basis)
            for e in events
        }

    return run


def pairs(events: set[tuple]) -> set[tuple]:
    return {e[:3] for e in events}


def test_coordinated_actors_behind_a_proxy_each_act(extract):
    events = extract("Diplomats from Chile, Peru and Ecuador urged Nicolás Maduro to step aside.")
    assert {("REQUEST", c, "nicolas-maduro") for c in ("chile", "peru", "ecuador")} <= pairs(events)


def test_object_control_gives_the_infinitive_its_subject(extract):
    events = extract("Gustavo Petro urged Nicolás Maduro to release political prisoners.")
    assert ("REQUEST", "gustavo-petro", "nicolas-maduro") in pairs(events)
    assert ("CONCEDE", "gustavo-petro", None) not in pairs(events)


def test_release_of_data_is_not_a_concession(extract):
    events = extract("Gustavo Petro asked the electoral council to release the tally sheets.")
    assert not any(e[0] == "CONCEDE" for e in events)


def test_a_noun_object_joins_its_verb_event(extract):
    events = extract("Washington lifted sanctions on Venezuela in October.")
    assert ("CONCEDE", "united-states", "venezuela") in pairs(events)
    assert not any(e[0] == "SANCTION" for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Javier Milei called Nicolás Maduro a dictator on Tuesday.",
         {("ACCUSE", "javier-milei", "nicolas-maduro")}),
        ("Gustavo Petro described Nicolás Maduro as a tyrant.",
         {("ACCUSE", "gustavo-petro", "nicolas-maduro")}),
        ("Lula called Nicolás Maduro to discuss the vote.", set()),
        ("Gustavo Petro called on Nicolás Maduro to publish the tallies.",
         {("REQUEST", "gustavo-petro", "nicolas-maduro")}),
    ],
)  # fmt: skip
def test_calling_an_actor_an_accusation_is_an_accusation(extract, text, expected):
    found = {p for p in pairs(extract(text)) if p[0] in ("ACCUSE", "REQUEST")}
    assert found == expected


def test_passive_agent_is_the_source(extract):
    events = extract("Edmundo González was criticized by Diosdado Cabello.")
    assert ("ACCUSE", "diosdado-cabello", "edmundo-gonzalez") in pairs(events)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Colombia will meet Venezuela next week.", "planned"),
        ("Colombia plans to meet Venezuela.", "planned"),
        ("Colombia is considering sanctions against Venezuela.", "hypothetical"),
        ("Colombia did not rule out sanctions against Venezuela.", "hypothetical"),
        ("Colombia did not meet Venezuela.", "negated"),
        ("Colombia has yet to meet Venezuela.", "negated"),
        ("Colombia met Venezuela.", "asserted"),
    ],
)
def test_status(extract, text, status):
    statuses = {e[3] for e in extract(text) if e[1] == "colombia" and e[2] == "venezuela"}
    assert statuses == {status}


def test_a_pronoun_acts_as_the_person_it_follows(extract):
    events = extract("Javier Milei spoke on Monday. He later criticized Nicolás Maduro.")
    assert ("ACCUSE", "javier-milei", "nicolas-maduro") in pairs(events)


def test_a_later_sentence_without_a_target_phrase_takes_the_earlier_target(extract):
    events = extract("Chile criticized Bolivia on Monday. On Tuesday, Chile criticized again.")
    assert ("ACCUSE", "chile", "bolivia", "asserted", "inferred") in events


def test_no_target_is_guessed_from_the_most_mentioned_actor(extract):
    events = extract(
        "Brazil met Nicolás Maduro in Caracas. Brazil later sent an envoy. Brazil protested."
    )
    assert not any(e[0] == "PROTEST" and e[2] is not None for e in events)


def test_an_intransitive_event_gets_no_inferred_target(extract):
    events = extract("Chile criticized Nicolás Maduro. Nicolás Maduro refused to resign.")
    assert not any(e[0] == "CONCEDE" and e[2] is not None for e in events)


def test_no_event_without_an_acting_actor(extract):
    assert extract("Protests erupted across the country after the vote.") == set()


def sides(events: set[tuple]) -> set[tuple]:
    return {(e[0], e[1], e[2]) for e in events}


@pytest.fixture(scope="module")
def rows():
    """The full Event rows, to check how sources and targets were found."""
    nlp, lexicon = load_model(), load_lexicon()
    matcher, extractor = ActorMatcher(nlp, lexicon), EventExtractor(lexicon)
    types = {a.actor_id: a.actor_type for a in lexicon.actors}
    return lambda text: extractor.find(nlp(text), matcher.find(nlp(text)).mentions, [], [], types)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive with its agent
        ("Luis Arce was criticized by Gabriel Boric on Friday.",
         {("ACCUSE", "gabriel-boric", "luis-arce")}),
        # a reduced relative clause with its agent: the agent acts on what it modifies
        ("Sanctions imposed by Canada on Cuba remain in force.",
         {("SANCTION", "canada", "cuba")}),
        # an object relative clause: the noun it modifies is the target
        ("Daniel Noboa, whom Peru recognised last year, spoke in Lima.",
         {("SUPPORT", "peru", "daniel-noboa")}),
        ("The ELN, which Colombia designated a terrorist group, denied it.",
         {("SANCTION", "colombia", "eln")}),
        # a subject relative clause: the noun it modifies is the source
        ("Ecuador, which criticized Bolivia last week, said nothing.",
         {("ACCUSE", "ecuador", "bolivia")}),
    ],
)  # fmt: skip
def test_passives_and_relative_clauses(extract, text, expected):
    assert expected <= pairs(extract(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bolivia announced the expulsion of the ambassadors of Peru, Chile and Ecuador.",
         {("SANCTION", "bolivia", c) for c in ("peru", "chile", "ecuador")}),
        ("Mexico welcomed Chile's recognition of Daniel Noboa.",
         {("SUPPORT", "chile", "daniel-noboa")}),
        ("Ecuador condemned the disqualification of Luis Arce by Bolivia's government.",
         {("COERCE", "bolivia", "luis-arce"), ("ACCUSE", "ecuador", "bolivia")}),
        ("Lima granted him asylum after Juan Guaidó fled.", set()),
        ("Peru granted asylum to Juan Guaidó on Monday.",
         {("AID", "peru", "juan-guaido")}),
        ("Canada doubled its bounty on Daniel Ortega.",
         {("THREATEN", "canada", "daniel-ortega")}),
        ("Peru put pressure on Bolivia and Ecuador.",
         {("REQUEST", "peru", "bolivia"), ("REQUEST", "peru", "ecuador")}),
    ],
)  # fmt: skip
def test_events_inside_noun_phrases(extract, text, expected):
    assert expected <= pairs(extract(text))


def test_a_possessive_on_an_act_done_to_a_person_is_its_target(extract):
    events = pairs(extract("Bolivia's courts upheld Luis Arce's ban last week."))
    assert ("COERCE", "bolivia", "luis-arce") in events
    assert ("COERCE", "luis-arce", None) not in events


def test_an_unrealised_event_asked_for_is_no_row_of_its_own(extract):
    events = pairs(extract("Chile called for the release of Rocío San Miguel."))
    assert not any(e[0] == "CONCEDE" for e in events)
    assert ("REQUEST", "chile", "venezuela") in events  # whoever holds her, inferred


def test_a_request_for_someone_elses_act_targets_who_would_do_it(rows):
    found = rows("Chile called for the release of Rocío San Miguel.")
    request = [e for e in found if e.event_type == "REQUEST"]
    assert [(e.target_actor_id, e.target_basis) for e in request] == [("venezuela", "inferred")]


def test_a_reward_for_an_arrest_targets_the_wanted_person(extract):
    events = pairs(extract("Canada offered a reward for information leading to the arrest of "
                           "Daniel Ortega."))  # fmt: skip
    assert ("THREATEN", "canada", "daniel-ortega") in events
    assert not any(e[0] == "COERCE" for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rocío San Miguel was arrested in Caracas on Friday.",
         ("COERCE", "venezuela", "rocio-san-miguel")),
        ("Luis Arce was detained in La Paz.", ("COERCE", "bolivia", "luis-arce")),
        ("Three Peruvian diplomats were expelled from Bolivia.",
         ("SANCTION", "bolivia", "peru")),
        ("Among those released was Rocío San Miguel.",
         ("CONCEDE", "venezuela", "rocio-san-miguel")),
    ],
)  # fmt: skip
def test_an_act_of_state_without_its_agent_takes_the_state_it_happened_in(rows, text, expected):
    found = rows(text)
    inferred = {(e.event_type, e.source_actor_id, e.target_actor_id) for e in found
                if e.source_basis == "inferred"}  # fmt: skip
    if expected is None:
        assert inferred == set()
    else:
        assert expected in inferred


def test_an_act_of_state_without_agent_or_place_takes_the_home_state_of_its_target(rows):
    found = rows("Diosdado Cabello spoke on Monday. Later, Rocío San Miguel was arrested.")
    found = {(e.event_type, e.source_actor_id, e.target_actor_id, e.source_basis) for e in found}
    assert found == {("COERCE", "venezuela", "rocio-san-miguel", "inferred")}


def test_an_act_anyone_can_do_is_not_given_a_guessed_source(extract):
    assert extract("Luis Arce was criticized on Friday.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chile did not recognize the re-election of Daniel Ortega.",
         {("REJECT", "chile", "daniel-ortega")}),
        ("Peru refused to recognise Daniel Ortega's victory.",
         {("REJECT", "peru", "daniel-ortega")}),
    ],
)  # fmt: skip
def test_not_recognising_is_a_rejection(extract, text, expected):
    found = pairs(extract(text))
    assert expected <= found
    assert not any(e[0] == "SUPPORT" for e in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Luis Arce and Daniel Noboa met in Quito on Monday.",
         {("CONSULT", "luis-arce", "daniel-noboa"), ("CONSULT", "daniel-noboa", "luis-arce")}),
        ("Talks between Peru and Chile resumed.",
         {("CONSULT", "peru", "chile"), ("CONSULT", "chile", "peru")}),
    ],
)  # fmt: skip
def test_reciprocal_events_go_both_ways(extract, text, expected):
    assert expected <= pairs(extract(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Several governments refused to recognise the vote in Bolivia. Among them are Chile, "
         "Peru and Ecuador.", {("REJECT", c) for c in ("chile", "peru", "ecuador")}),
        ("Some countries criticized Daniel Ortega. They include Chile and Peru.",
         {("ACCUSE", c) for c in ("chile", "peru")}),
    ],
)  # fmt: skip
def test_a_list_in_the_next_sentence_names_who_acted(extract, text, expected):
    assert expected <= {(e[0], e[1]) for e in extract(text)}


def test_a_stance_on_a_vote_of_nobody_named_is_on_the_state_the_text_is_about(rows):
    found = rows("Luis Arce claimed victory in Bolivia. Chile and Peru rejected the results.")
    assert {
        (e.event_type, e.source_actor_id, e.target_actor_id, e.target_basis)
        for e in found
        if e.event_type == "REJECT"
    } == {("REJECT", "chile", "bolivia", "inferred"), ("REJECT", "peru", "bolivia", "inferred")}


def test_the_state_the_text_is_about_does_not_contest_its_own_vote(extract):
    events = extract("Luis Arce claimed victory in Bolivia. Luis Arce defended the results.")
    assert not any(e[2] == "bolivia" for e in events)


def test_these_countries_point_back_to_the_list_before(extract):
    events = pairs(extract("Bolivia expelled the envoys of Peru and Chile. The governments of "
                           "these countries had criticized Luis Arce."))  # fmt: skip
    assert {("ACCUSE", "peru", "luis-arce"), ("ACCUSE", "chile", "luis-arce")} <= events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gustavo Petro told AFP that he had spoken with Daniel Noboa.",
         {("CONSULT", "gustavo-petro", "daniel-noboa")}),
        ("In an interview with Reuters, Gabriel Boric criticized Daniel Ortega.",
         {("ACCUSE", "gabriel-boric", "daniel-ortega")}),
        ("Luis Arce spoke to The Associated Press on Monday.", set()),
    ],
)  # fmt: skip
def test_a_news_outlet_is_never_a_participant(extract, text, expected):
    assert {p for p in pairs(extract(text)) if None not in p} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plural demonyms and nationals name their country
        ("Bolivia freed three Peruvians and two Chilean nationals.",
         {("CONCEDE", "bolivia", "peru"), ("CONCEDE", "bolivia", "chile")}),
        # an apposition names the person a description stands for
        ("Luis Arce met his Peruvian counterpart, Dina Boluarte, in Lima.",
         {("CONSULT", "luis-arce", "dina-boluarte")}),
        # a destination is not a target
        ("The United States deported forty Venezuelans to El Salvador.",
         {("COERCE", "united-states", "venezuela")}),
    ],
)  # fmt: skip
def test_who_a_phrase_names(extract, text, expected):
    assert {p for p in pairs(extract(text)) if None not in p} == expected


def test_a_person_and_their_state_in_one_sentence_are_one_target(extract):
    events = pairs(extract("Gustavo Petro visited Peru and met with Dina Boluarte."))
    assert ("CONSULT", "gustavo-petro", "dina-boluarte") in events
    assert ("CONSULT", "gustavo-petro", "peru") not in events


def test_a_members_list_of_a_named_group_adds_no_targets(extract):
    events = pairs(extract("Canada sanctioned ten Nicaraguan officials, including judges and "
                           "members of the police."))  # fmt: skip
    assert events == {("SANCTION", "canada", "nicaragua")}


def test_a_name_calling_idiom_is_an_accusation(extract):
    events = pairs(extract("Luis Arce pointed the finger at Daniel Noboa."))
    assert ("ACCUSE", "luis-arce", "daniel-noboa") in events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speech verb whose clause faults someone: the speaker accuses whom it is about
        ("Gabriel Boric said Bolivia's electoral process was not transparent.",
         {("ACCUSE", "gabriel-boric", "bolivia")}),
        ("Luis Arce said Peru's vote count lacked credibility.",
         {("ACCUSE", "luis-arce", "peru")}),
        ("Daniel Noboa claimed irregularities in Peru's vote count.",
         {("ACCUSE", "daniel-noboa", "peru")}),
        # a statement that faults nobody is no event
        ("Gabriel Boric said Bolivia's electoral process was transparent.", set()),
        # name-calling, also where the parser misreads it
        ("Luis Arce called Daniel Noboa a fascist and a traitor.",
         {("ACCUSE", "luis-arce", "daniel-noboa")}),
        # an attack made of words
        ("Daniel Ortega attacked Gabriel Boric in a televised speech.",
         {("ACCUSE", "daniel-ortega", "gabriel-boric")}),
    ],
)  # fmt: skip
def test_reported_criticism(extract, text, expected):
    assert {p for p in pairs(extract(text)) if p[0] in ("ACCUSE", "ASSAULT")} == expected


def test_violence_a_speaker_reports_of_others_is_an_accusation(extract):
    events = pairs(extract("Amnesty International said Daniel Ortega's forces had killed "
                           "protesters."))  # fmt: skip
    forces = {"daniel-ortega", "nicaraguan-military"}  # Ortega's, or his country's military
    assert any(e[:2] == ("ACCUSE", "amnesty-international") and e[2] in forces for e in events)


def test_a_name_given_with_called_is_no_accusation(extract):
    events = extract("Colombia arrested members of a gang called Tren de Aragua.")
    assert not any(e[0] == "ACCUSE" for e in events)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("Gustavo Petro urged Washington to lift its sanctions on Cuba.",
         ("REQUEST", "gustavo-petro", "united-states"), "CONCEDE"),
        ("Canada threatened to expel Nicaragua's ambassador.",
         ("THREATEN", "canada", "nicaragua"), "SANCTION"),
        ("Peru agreed to cooperate with Chile on border security.",
         ("AGREE", "peru", "chile"), "COOPERATE"),
        ("Gabriel Boric said Bolivia should release the jailed protesters.",
         ("REQUEST", "gabriel-boric", "bolivia"), "CONCEDE"),
        ("Nicaragua accused Costa Rica of financing the protests.",
         ("ACCUSE", "nicaragua", "costa-rica"), "PROTEST"),
    ],
)  # fmt: skip
def test_what_is_asked_threatened_promised_or_alleged_is_no_row_of_its_own(
    extract, text, expected, absent
):
    events = pairs(extract(text))
    assert expected in events
    assert not any(e[0] == absent for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reaction drawn from someone, to an event: at whoever did it
        ("Bolivia's expulsion of Peru's ambassador drew condemnation from Chile.",
         {("ACCUSE", "chile", "bolivia"), ("SANCTION", "bolivia", "peru")}),
        # a stance on an event given as a passive subject
        ("Bolivia's arrest of Daniel Noboa was condemned by Chile.",
         {("ACCUSE", "chile", "bolivia"), ("COERCE", "bolivia", "daniel-noboa")}),
        # "it" and "the ruling" stand for the act before them
        ("A Bolivian court jailed Luis Arce on Monday. Chile called it a coup.",
         {("ACCUSE", "chile", "bolivia")}),
        ("Bolivia's government upheld the ban. The ruling was condemned by Chile.",
         {("ACCUSE", "chile", "bolivia")}),
        # a move that sums up a clause is its subject's
        ("Peru expelled Bolivia's ambassador on Monday, a move that Luis Arce described as "
         "illegal.", {("ACCUSE", "luis-arce", "peru")}),
        ("Peru expelled Bolivia's ambassador, a move condemned by Chile.",
         {("ACCUSE", "chile", "peru")}),
    ],
)  # fmt: skip
def test_stances_on_events_aim_at_who_did_them(extract, text, expected):
    assert expected <= pairs(extract(text))


def test_a_mediator_between_two_sides_meets_each(extract):
    events = pairs(extract("Brazil's mediation between Peru and Chile stalled in March."))
    assert {("CONSULT", "brazil", "peru"), ("CONSULT", "brazil", "chile")} <= events
    assert ("CONSULT", "peru", "chile") not in events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Venezuelan opposition called a general strike for Friday.",
         {("PROTEST", "venezuelan-opposition", None)}),
        ("The United States carried out a missile strike on a Venezuelan boat.",
         {("ASSAULT", "united-states", "venezuela")}),
        ("Brazil deployed troops to Roraima.", {("MOBILIZE", "brazil", None)}),
        ("Venezuela deployed troops to its border with Guyana.",
         {("MOBILIZE", "venezuela", "guyana")}),
    ],
)  # fmt: skip
def test_strikes_deployments_and_attacks(extract, text, expected):
    assert pairs(extract(text)) == expected


def test_what_is_done_to_a_thing_a_demonym_qualifies_is_done_to_its_country(extract):
    events = pairs(extract("Bolivian soldiers fired on a Peruvian patrol boat."))
    assert {(e[0], e[2]) for e in events} == {("ASSAULT", "peru")}


def test_an_act_on_a_thing_needs_no_target_but_one_on_people_does(extract):
    assert ("COERCE", "bolivia", None) in pairs(extract("Bolivia seized two tons of cocaine."))
    assert pairs(extract("Bolivia arrested dozens of people.")) == set()


def test_people_a_demonym_qualifies_are_their_country_only_when_acted_on(extract):
    assert not any(e[1] == "peru" for e in extract("Peruvian truckers blocked roads in Lima."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peru recalled its ambassador from Caracas.", ("SANCTION", "peru", "venezuela")),
        ("Chile withdrew its observers from Bolivia.", ("RETREAT", "chile", "bolivia")),
        ("Bogotá condemned Caracas.", ("ACCUSE", "colombia", "venezuela")),
        ("Nicaragua expelled the Mexican ambassador.", ("SANCTION", "nicaragua", "mexico")),
        ("Nicaragua expelled Daniel Noboa.", ("COERCE", "nicaragua", "daniel-noboa")),
        ("Bolivia arrested two aides to Luis Arce.", ("COERCE", "bolivia", "luis-arce")),
    ],
)  # fmt: skip
def test_targets_of_withdrawals_capitals_expulsions_and_aides(extract, text, expected):
    assert expected in pairs(extract(text))


def test_a_purpose_infinitive_keeps_its_subject_and_the_pronoun_its_antecedent(extract):
    events = pairs(extract("Dina Boluarte telephoned Luis Arce to congratulate him."))
    assert {("CONSULT", "dina-boluarte", "luis-arce"),
            ("SUPPORT", "dina-boluarte", "luis-arce")} <= events  # fmt: skip


def test_a_light_verb_yields_to_its_noun_for_every_listed_target(extract):
    events = pairs(extract("Canada imposed sanctions on Cuba, Nicaragua and Venezuela."))
    assert events == {("SANCTION", "canada", c) for c in ("cuba", "nicaragua", "venezuela")}


def test_a_prenominal_participle_describes_and_reports_no_event(extract):
    events = pairs(extract("Bolivia released the detained protesters."))
    assert ("CONCEDE", "bolivia", "protesters") in events
    assert not any(e[0] == "COERCE" for e in events)


def test_would_never_is_a_refusal(extract):
    events = extract("Luis Arce said he would never negotiate with Peru.")
    assert ("CONSULT", "luis-arce", "peru", "negated", "stated") in events


def test_an_appositive_list_names_the_objects(extract):
    events = pairs(extract("The US Treasury sanctioned three officials: Delcy Rodríguez, "
                           "Jorge Rodríguez and Tarek William Saab."))  # fmt: skip
    people = ("delcy-rodriguez", "jorge-rodriguez", "tarek-william-saab")
    assert {("SANCTION", "us-treasury", p) for p in people} <= events


def test_a_capital_votes_for_the_state_a_vote_is_in(rows):
    found = rows("Protesters in Quito demanded a new election.")
    assert [(e.event_type, e.source_actor_id, e.target_actor_id, e.target_basis)
            for e in found] == [("REQUEST", "protesters", "ecuador", "inferred")]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a list of names the parser reads as appositions to each other
        ("The US Treasury sanctioned three more officials on Friday: Delcy Rodríguez, Jorge "
         "Rodríguez and Tarek William Saab.",
         ("delcy-rodriguez", "jorge-rodriguez", "tarek-william-saab")),
        ("Washington revoked the visas of several Venezuelan officials. Among them were Yván "
         "Gil, Delcy Rodríguez and Jorge Rodríguez.",
         ("yvan-gil", "delcy-rodriguez", "jorge-rodriguez")),
    ],
)  # fmt: skip
def test_every_name_of_a_list_is_a_target(extract, text, people):
    assert {e[2] for e in extract(text) if e[0] == "SANCTION"} == set(people)


def test_talks_have_partners_not_topics(extract):
    assert pairs(extract("Delcy Rodríguez discussed oil investment with Turkish officials.")) == {
        ("CONSULT", "delcy-rodriguez", "turkey")
    }
    events = pairs(extract("Irfaan Ali met Lula in Brasília to discuss the border dispute with "
                           "Venezuela."))  # fmt: skip
    assert ("CONSULT", "irfaan-ali", "venezuela") not in events


def test_a_stance_noun_is_its_possessors_and_aims_at_the_doer_of_its_object(extract):
    events = pairs(extract("Boric's condemnation of the arrest of Daniel Noboa in Quito was "
                           "welcomed by Luis Arce."))  # fmt: skip
    assert {("ACCUSE", "gabriel-boric", "ecuador"), ("COERCE", "ecuador", "daniel-noboa"),
            ("SUPPORT", "luis-arce", "gabriel-boric")} <= events  # fmt: skip


def test_a_demonym_describing_whom_an_act_of_state_was_done_to_places_it(rows):
    found = rows("Georgian activist Mzia Amaglobeli was sentenced to two years in prison.")
    assert [(e.event_type, e.source_actor_id, e.source_basis) for e in found] == [
        ("COERCE", "georgia", "inferred")
    ]


def test_what_an_invitation_invites_to_has_not_happened(extract):
    events = pairs(extract("Lula's invitation to Maduro to visit Brasília came in March."))
    assert events == {("REQUEST", "lula-da-silva", "nicolas-maduro")}


def test_a_passive_conjunct_shares_its_subject_and_sends_it_to_no_target(extract):
    events = pairs(extract("Daniel Noboa was stripped of his title and expelled to Rome."))
    assert not any(e[1] == "daniel-noboa" or e[2] == "italy" for e in events)
    events = pairs(extract("Daniel Noboa reappeared in public and was apprehended."))
    assert events == {("COERCE", "ecuador", "daniel-noboa")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Imran Khan was jailed again on Monday.", ("COERCE", "pakistan", "imran-khan")),
        ("Pedro Castillo was convicted of rebellion.", ("ACCUSE", "peru", "pedro-castillo")),
        ("The Awami League was banned last year.", ("COERCE", "bangladesh", "awami-league")),
    ],
)  # fmt: skip
def test_a_state_act_without_agent_on_a_known_actor_is_that_actors_states(extract, text, expected):
    assert expected in pairs(extract(text))
