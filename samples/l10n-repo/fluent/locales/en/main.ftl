-brand = Lantern
# Shown on the first start
welcome = Welcome to { -brand }, { $user }!
notes-left = { $count ->
    [one] One note left
   *[other] { $count } notes left
}
    .title = Notes you can still create
