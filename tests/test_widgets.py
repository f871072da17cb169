"""lib.widgets writes the common widgets in Python: the HTML must be exactly what Django's own
templates write, for every kind of widget, with values and labels that need escaping, groups,
selections, boolean attributes and lazy translations."""

import datetime

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from lib.widgets import Renderer

CHOICES = [("", "---"), ("a", 'A & "b" <c>'), (1, gettext_lazy("Yes")),
           ("Grupp <1>", [("g1", "Ett"), ("g2", mark_safe("<em>Två</em>"))])]


class Everything(forms.Form):
    required_css_class = "required"
    text = forms.CharField(help_text=mark_safe("Help <b>safe</b>"), label='Name & "title"?',
                           widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Name"), "autofocus": True,
                                                         "data-x": False, "class": 'a"b'}))
    nolabel = forms.CharField(label="", required=False, help_text=gettext_lazy("Name"))
    empty = forms.CharField(required=False)
    email = forms.EmailField()
    number = forms.IntegerField(min_value=0)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    password = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput)
    url = forms.URLField(assume_scheme="https")
    check = forms.BooleanField(required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    blank_area = forms.CharField(widget=forms.Textarea, required=False)
    one = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.SelectMultiple)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "grid"}))
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, help_text="Pick one")
    boxes_no_id = forms.MultipleChoiceField(choices=CHOICES[:3], widget=forms.CheckboxSelectMultiple)
    upload = forms.FileField(required=False)

    def clean_hidden(self):
        raise forms.ValidationError('Fel <b>här</b> & "där"')


DATA = {"text": '<script>"x" & y</script>', "empty": "", "email": "not <an> e-mail", "number": "-7", "date": "2026-12-07",
        "password": "secret", "hidden": 'h"1', "url": "https://example.org/?a=1&b=2", "check": "on",
        "area": "rad ett\n<b>två</b> & tre", "one": "g2", "many": ["a", "1"], "boxes": ["a", "g1"], "radio": "1",
        "boxes_no_id": ["a"]}


def _rendered(renderer, **kwargs):
    form = Everything(renderer=renderer, **kwargs)
    rendered = {name: str(form[name]) for name in form.fields}
    rendered.update({f"{name} as a group": form[name].as_field_group() for name in form.fields})
    rendered.update({f"{name} legend": form[name].legend_tag() for name in form.fields})
    rendered["errors"] = str(form.non_field_errors()) + str(form["email"].errors) + str(form["number"].errors) + str(form["hidden"].errors)
    return rendered


def test_the_python_widgets_write_what_djangos_templates_write():
    ours_renderer, loaded = Renderer(), []
    load = ours_renderer.get_template
    ours_renderer.get_template = lambda name: loaded.append(name) or load(name)
    for kwargs in ({"data": DATA}, {}, {"initial": {"date": datetime.date(2026, 1, 2), "number": 0, "one": 1}},
                   {"data": DATA, "auto_id": False}):
        ours, theirs = _rendered(ours_renderer, **kwargs), _rendered(DjangoTemplates(), **kwargs)
        assert ours.keys() == theirs.keys()
        for name in theirs:
            assert ours[name] == theirs[name], (name, kwargs)
    # Only the file input is left to its template (once as a widget, once in its field group).
    assert set(loaded) == {"django/forms/widgets/clearable_file_input.html"}, set(loaded)


def test_a_widget_of_its_own_template_is_rendered_by_the_template():
    class Own(forms.TextInput):
        template_name = "django/forms/widgets/textarea.html"  # another template than the widget's kind

    class OwnForm(forms.Form):
        text = forms.CharField(widget=Own)

    form = OwnForm(renderer=Renderer(), data={"text": "x"})
    assert str(form["text"]) == str(OwnForm(renderer=DjangoTemplates(), data={"text": "x"})["text"])
