"""TuneLab entry point: page config, navigation, and the content health notice."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from engine import server_log

# before the engine's modules are imported: a bad setting is a warning as they read it, and it comes
# timed and named as every other line does (a served app; a test's AppTest keeps Python's own logging)
if not st.get_option("global.appTest"):
    server_log.configure()

from engine.interviews import link_token  # noqa: E402
from ui import history_entries, press_once, screen_reader  # noqa: E402
from ui.identity import (INTERVIEWER_REASON, PRACTICE_REASON, SIGN_IN_REASONS, account_box,  # noqa: E402
                         check_sign_in_set_up, current, require_sign_in)
from ui.jobs import name_job_parties  # noqa: E402
from ui.message_flush import flush_promptly  # noqa: E402
from ui.nodelay import send_without_delay  # noqa: E402
from ui.resources import folder_problems, get_library, get_store, link_kind, warm_workers  # noqa: E402
from ui.storage_errors import STORAGE_ERRORS, storage_reason  # noqa: E402
from ui.text import inert  # noqa: E402
from ui.warm import warm_figures, warm_reference_libraries  # noqa: E402

#: the candidate's page on a phone (see where it is used)
CANDIDATE_PHONE = ("@media (max-width:640px){[data-testid='stHeader']{display:none}"
                   "[data-testid='stMainBlockContainer']{padding-top:1.5rem}}")
_LOG = logging.getLogger("tunelab")
#: a question reads better in a narrow column; dashboards and labs want the width
CENTERED = {"practice"}
#: the tab's icon, served by this server (nothing of a visit should leave the deployment)
FAVICON = str(Path(__file__).parent / "assets" / "favicon.png")


def home_by_its_name() -> None:
    """``/home``, the address the navigation's "Home" suggests: Streamlit serves the default page
    at ``/`` only, and answered ``/home`` with its "Page not found" dialog. This hidden page sends
    the visitor home."""
    st.switch_page("app_pages/home.py")


def pages(interview_in_menu: bool = True, room_in_menu: bool = False) -> list:
    """The app's pages (made in a run: ``st.Page`` wants Streamlit's script context); the interview
    set-up out of the menu when ``interview_in_menu`` is False (its address still opens links), and
    the Room in it when ``room_in_menu`` is True (its address says who may see it)."""
    return [
        # the default page still reserves its own path, which no address reaches (Streamlit serves
        # it at "/"): "main", so that "home" is free for home_by_its_name
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", url_path="main", default=True),
        st.Page(home_by_its_name, title="Home", url_path="home", visibility="hidden"),
        st.Page("app_pages/practice.py", title="Practice", icon=":material/quiz:", url_path="practice"),
        st.Page("app_pages/review.py", title="Review", icon=":material/event_repeat:", url_path="review"),
        st.Page("app_pages/progress.py", title="Progress", icon=":material/insights:", url_path="progress"),
        st.Page("app_pages/optimizer_lab.py", title="Optimizer lab", icon=":material/route:", url_path="optimizer-lab"),
        st.Page("app_pages/training_lab.py", title="Training lab", icon=":material/model_training:", url_path="training-lab"),
        st.Page("app_pages/search_lab.py", title="Search lab", icon=":material/travel_explore:", url_path="search-lab"),
        st.Page("app_pages/interview.py", title="Mock interview", icon=":material/groups:", url_path="interview",
                visibility="visible" if interview_in_menu else "hidden"),
        st.Page("app_pages/room.py", title="Room", icon=":material/school:", url_path="room",
                visibility="visible" if room_in_menu else "hidden"),
        st.Page("app_pages/history.py", title="Run history", icon=":material/history:", url_path="history"),
        st.Page("app_pages/presenter.py", title="Presenter mode", icon=":material/co_present:", url_path="presenter"),
    ]


def main() -> None:
    send_without_delay()  # before the first element: this run's own messages go out at once too
    flush_promptly()
    name_job_parties()  # a question's figure, computed for a visitor, waits its turn as that visitor
    # The icon before the navigation: a browser shown a page whose st.Page icon is ":material/...:"
    # and no page icon yet fetches that icon from Google's font servers as the tab's favicon
    st.set_page_config(page_icon=FAVICON)
    # A sign-in set-up with a mistake in it stays closed: read as "no sign-in", it would open every
    # page to everyone as the one local user, who may set up interviews and see their keys.
    if problems := check_sign_in_set_up():
        st.title("TuneLab", anchor=False)
        st.error("Sign-in is set up on this server but cannot work, so TuneLab stays closed rather than open to "
                 f"everyone: {problems[0]}. Whoever runs this server can fix it in the secrets "
                 f"(.streamlit/secrets.toml){'; the server log lists every problem' if len(problems) > 1 else ''}.")
        st.stop()
    # A candidate's link (?t=<token>) shows only the interview: no navigation to the practice
    # pages. An interviewer's link keeps the navigation, the account and Sign out, and so does
    # any other address a "t" was typed onto.
    token = link_token(st.query_params.get("t"))  # less a full stop a mail put after it
    kind = link_kind(token)
    interviewer_link = kind == "interviewer"
    # a signed-in learner who is not an interviewer has no use for the set-up: the menu pointed a
    # class at a page that refuses them (the class walk-through); candidates' links still open
    who = current()
    # the Room counts signed-in learners: an interviewer's page, of no use without sign-in
    every = pages(interview_in_menu=who.interviewer or not who.signed_in,
                  room_in_menu=who.interviewer and who.signed_in)
    # a link that cannot be looked up just now may be a candidate's: it shows no navigation either
    # (the page says the database is away and goes on by itself once it is back)
    closed_in = kind in ("candidate", "unreachable")
    page = st.navigation(every, position="hidden" if closed_in else "sidebar")
    # for links drawn by a fragment's rerun: a Page needs no look-up of its script on disk (a path
    # does, and that file-system call lets the server's message loop send half a run early)
    st.session_state["app.pages"] = {p.url_path: p for p in every}
    # which visit of a page this is: a page shown again after another is drawn anew in the browser
    # (its charts at their last step), while state kept beside its widgets outlives the visit
    if st.session_state.get("app.page") != page.url_path:
        st.session_state["app.page"] = page.url_path
        st.session_state["app.visit"] = st.session_state.get("app.visit", 0) + 1
    # The rest after navigation, once per run, so a page's layout never flickers between two settings.
    st.set_page_config(
        page_title=f"{page.title} · TuneLab",
        layout="centered" if page.url_path in CENTERED else "wide",
        # "auto": open on a wide screen, closed on a phone, where an open sidebar covers the page
        initial_sidebar_state="collapsed" if page.url_path == "presenter" else "auto",
    )

    # Style only, drawn nowhere on the page. A choice whose text runs to several lines (on a phone,
    # most do) sat flush against the next, so a text seemed to belong to the circle below it. The
    # marker a new question scrolls to (ui.scroll) takes no room: its gap moved the card by 16 px
    # between the question's run and the answer's; so does a chart's press (ui.chart_controls): Play
    # moved the Presenter's story down 16 px while the picture ran; so does a component that draws
    # nothing (a key "tl.silent.*": ui.browser_id), and a heading only a screen reader meets, unseen
    # (ui.screen_reader.unseen_heading: an interviewer's question sections). A touch screen cannot
    # hover, so Plotly keeps its toolbar shown over every chart's top row, where the labs' legends
    # sit (on a phone it covered curve names and took their taps); there, the toolbar goes (a double
    # tap still resets a zoom).
    # Streamlit's own toolbar of a table or chart (download, search, full screen) shows there at
    # all times too, in the gap above the element, and covered the box above it (Run history's
    # "Search titles"): an element with such a toolbar gets room for it above. A link in the page
    # (a related demo's, "Back to the question") wraps: on a phone it was cut off mid-word; so does a
    # chosen option's chip (Practice's banks were "Creative: setting up …" and "Creative: tracking …",
    # told apart only under a mouse, by their tooltips). A box
    # of code (an interview's links, a key) shows its copy button at all times: shown on hover and
    # faded in on focus, it was out of the keyboard's reach (Tab passed it before the fade began);
    # its text keeps clear of it (on a phone the button sat over "optimizer-lab?", hiding the "?").
    # What the keyboard moves to is scrolled clear of the sticky header: at 200% zoom an ordering's
    # box took the focus under it, only its bottom edge showing (the accessibility walk-through).
    # A radio option, a checkbox or a sidebar link the keyboard is on gets a ring in the theme's
    # colour: Streamlit marks it with a faint grey background only, and a focused sidebar link looked
    # like the page being shown (a checkbox's label ends at its text: room for the ring after it).
    # The sidebar's collapse button shows while the keyboard is in the sidebar, as it does under the
    # mouse: hidden, it was out of the keyboard's reach (ui.screen_reader takes a collapsed one out).
    # A candidate's page has no navigation and no menu, so its header is empty: on a phone it and the
    # room kept under it put the interview's title 96 px down, and pushed the answer buttons off the
    # first screen of a long question. There the header goes and the page starts near the top.
    colour = st.get_option("theme.primaryColor") or "#2563eb"
    ring = f"{{outline:2px solid {colour};outline-offset:-1px;border-radius:.25rem}}"
    st.html("<style>[data-testid='stRadioGroup']{row-gap:.75rem}"
            "[data-testid='stRadioGroup'] label:has(input:focus-visible),"
            "[data-testid='stCheckbox'] label:has(input:focus-visible),"
            f"[data-testid='stSidebarNav'] a:focus-visible{ring}"
            # a button, a tab or a link in the page: Streamlit's ring is its colour at half strength,
            # 2.1:1 on the white page (the accessibility audit); a solid one outside the element
            "[data-testid='stAppViewContainer'] button:focus-visible,[data-testid='stMain'] a:focus-visible"
            f"{{outline:2px solid {colour};outline-offset:2px}}"
            f"[role='tab']:focus-visible{ring}"  # inside: the tab list cuts off what is outside
            "[data-testid='stSidebar']:focus-within [data-testid='stSidebarCollapseButton']{visibility:visible}"
            "[data-testid='stCheckbox'] label{padding-right:.25rem}"
            "html,[data-testid='stMain']{scroll-padding-top:4.5rem}"
            "[data-testid='stCode']>div:has([data-testid='stElementToolbarButton'])"
            "{visibility:visible;opacity:1;pointer-events:auto;transition:none}"
            "[data-testid='stCode']:has([data-testid='stElementToolbarButton']) pre{padding-right:2.75rem}"
            "[data-testid='stMain'] [data-testid='stPageLink-NavLink'] *{white-space:normal;overflow:visible}"
            "[data-testid='stMultiSelectTagsContainer'] [data-tag]"
            "{height:auto;min-height:1.75rem;padding-block:.125rem}"
            "[data-testid='stMultiSelectTagsContainer'] [data-tag]>span{white-space:normal}"
            f".{screen_reader.UNSEEN}{{clip-path:inset(50%);width:1px;height:1px;overflow:hidden;white-space:nowrap;"
            "margin:0;padding:0}"
            f"[data-testid='stElementContainer']:has(> [data-testid='stHtml'] > .{screen_reader.UNSEEN}),"
            "[data-testid='stElementContainer']:has(> [data-testid='stHtml'] > [id^='tl-top-']),"
            "[data-testid='stElementContainer']:has(> [data-testid='stHtml'] > span[data-chart][hidden]),"
            "[data-testid='stElementContainer'][class*='st-key-tl-silent-']"
            "{position:absolute}"
            "@media (hover:none){.js-plotly-plot .modebar-container{display:none}"
            "[data-testid='stElementContainer']:has([data-testid='stElementToolbar']){margin-top:2.25rem}}"
            + (CANDIDATE_PHONE if closed_in else "") + "</style>")
    # the double-click guard, what screen readers hear (icons, copy buttons) and one history entry per
    # visit of a page: once per tab, in one element that takes no room (above)
    st.html(press_once.CLICK_GUARD + screen_reader.SCRIPT + history_entries.SCRIPT, unsafe_allow_javascript=True,
            width="content")
    library = get_library()
    try:  # every page reads or writes someone's data: a store that cannot open is said once, here
        get_store()
    except STORAGE_ERRORS as exc:
        st.error(f"TuneLab cannot open its database ({storage_reason(exc)}), so nothing can be shown or saved. "
                 "If you run this server, check that TUNELAB_DATA_DIR or TUNELAB_DATABASE_URL names a database "
                 "it can reach and write; otherwise, please tell whoever does.")
        st.stop()
    except ValueError as exc:  # a URL it cannot use, a schema newer than this code: the log says which
        _LOG.error("cannot open the database: %s", exc)  # its text can quote the URL, password and all
        st.error("TuneLab cannot use the database it is set up with, so nothing can be shown or saved. If you "
                 "run this server, the log says why (a database URL it cannot use, or a database upgraded "
                 "by a newer TuneLab); otherwise, please tell whoever does.")
        st.stop()
    warm_workers()
    warm_reference_libraries()  # generated questions compute with torch / scikit-learn in this process
    warm_figures(library)  # a figure's run (a fit, a search, a training run) made before anyone waits for it
    # Signed-in mode: every page needs a user except the interview page opened with a candidate's
    # link (a candidate needs no account; the page itself asks an interviewer to be one).
    # (an empty "t=" too: the page says the link opens nothing, where a sign-in prompt misled)
    by_link = page.url_path == "interview" and "t" in st.query_params
    if not by_link or interviewer_link:
        require_sign_in(INTERVIEWER_REASON if by_link else SIGN_IN_REASONS.get(page.url_path, PRACTICE_REASON))
        account_box()
    # A bank's errors name its file and quote its values (a private bank's answers among them):
    # for the people who run the deployment (interviewers; the one local user), never on an
    # interview link or to a learner, who could not fix them anyway
    if not by_link and who.interviewer:
        for problem in folder_problems():  # a path of the server's: for those who run it, as the files below
            st.sidebar.warning(inert(problem[:1].upper() + problem[1:] + "."), icon=":material/folder_off:")
    if library.errors and not by_link and who.interviewer:
        with st.sidebar:
            files = library.broken_files
            with st.expander(
                f":orange[:material/warning: {len(files)} bank file{'s' if len(files) > 1 else ''} "
                f"not loaded]",
                expanded=False,
            ):
                st.caption("These files have errors and are left out; every other bank is served.")
                st.code("\n".join(str(e) for e in library.errors), language=None, wrap_lines=True)

    page.run()


# Streamlit runs this file as ``__main__``. A worker process (engine.jobs) that re-imports its
# parent's main module runs it as ``__mp_main__``, and must not draw the app: engine.jobs hides
# the main module while it starts a worker, but another session's script run can install it
# again in between (Streamlit sets ``sys.modules["__main__"]`` at the start of every run).
if __name__ == "__main__":
    main()
