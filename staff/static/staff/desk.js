/* Show the fields that fit who sends the petition, and suggest duplicates while typing.
   Enter in a one-line field moves to the next field instead of sending a half-filled form:
   only the submit button sends it. The officer's cursor starts in the name. */
(function () {
  var form = document.getElementById("desk-form");
  function kind() { var c = form.querySelector("input[name=petitioner_kind]:checked"); return c ? c.value : "person"; }
  function toggle() {
    document.getElementById("person-fields").hidden = kind() === "anonymous";
    document.getElementById("group-fields").hidden = kind() !== "group";
    document.getElementById("forwarded-from").hidden = form.elements.channel.value !== "forwarded";
    form.elements.full_name.required = kind() === "person";
  }
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return !el.disabled && el.type !== "hidden" && el.tabIndex >= 0 && el.offsetParent !== null;
    });
  }
  form.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || el.tagName !== "INPUT") { return; }
    if (["submit", "button", "file", "radio", "checkbox"].indexOf(el.type) !== -1) { return; }
    event.preventDefault();
    var all = fields();
    var next = all[all.indexOf(el) + 1];
    if (next) { next.focus(); }
  });
  var timer = null;
  function lookUp() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var params = new URLSearchParams();
      ["id_number", "phone", "subject", "locality"].forEach(function (name) {
        params.set(name, form.elements[name].value);
      });
      // Posted: an ID number or phone in a URL would reach the server's access logs.
      fetch(form.dataset.duplicatesUrl, {
        method: "POST",
        body: params,
        headers: {"X-CSRFToken": form.elements.csrfmiddlewaretoken.value},
        credentials: "same-origin"
      })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { document.getElementById("duplicates").innerHTML = html.trim(); });
    }, 300);
  }
  form.addEventListener("change", toggle);
  ["id_number", "phone", "subject", "locality"].forEach(function (name) {
    form.elements[name].addEventListener("input", lookUp);
    form.elements[name].addEventListener("change", lookUp);
  });
  document.getElementById("duplicates").addEventListener("click", function (event) {
    var button = event.target.closest("[data-join]");
    if (button) { form.elements.duplicate_of.value = button.dataset.join; form.elements.duplicate_of.focus(); }
  });
  toggle();
  if (!document.querySelector("[data-error-summary]")) { form.elements.full_name.focus(); }
})();
