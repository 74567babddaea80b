// The rule editor: show only the fields the chosen type of rule uses (without this script every field shows).
(function () {
  "use strict";

  var GROUPS = ["group1_label", "group1_items", "group2_label", "group2_items", "group3_label", "group3_items",
    "group4_label", "group4_items"];
  var FIELDS = {
    required: ["items", "in_order", "shares"],
    choose: ["k", "shares"].concat(GROUPS),
    criteria: ["credits", "unit", "isced", "eqf_level", "providers", "shares"],
    min_credits: ["credits", "unit"],
    min_credits_at_level: ["credits", "unit", "eqf_level"],
    field: ["isced", "credits", "unit"],
    recency: ["years"],
    max_external_credits: ["credits", "unit"],
    max_rpl_credits: ["credits", "unit"],
    min_grade: ["grade"],
    prerequisite: ["item", "requires"]
  };
  var ALWAYS = ["id", "type", "DELETE"];

  function update(rule) {
    var select = rule.querySelector("select[name$='-type']");
    if (!select) {
      return;
    }
    var wanted = ALWAYS.concat(FIELDS[select.value] || []);
    rule.querySelectorAll("[data-field]").forEach(function (wrapper) {
      wrapper.hidden = wanted.indexOf(wrapper.getAttribute("data-field")) === -1;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".pw-rule").forEach(function (rule) {
      update(rule);
      var select = rule.querySelector("select[name$='-type']");
      if (select) {
        select.addEventListener("change", function () { update(rule); });
      }
    });
  });
})();
